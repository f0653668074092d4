import { Field, ID, InputType } from "type-graphql";
import { JSONObject } from "../../graphql/scalars.js";

@InputType({ description: "Fields only StackOne has. Ignored, with a warning, by the other providers." })
export class StackOneContactOptions {
  @Field(() => [ID], { nullable: true, description: "StackOne ids of deals to associate." })
  dealIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "StackOne ids of accounts to associate." })
  accountIds?: string[] | null;

  @Field(() => JSONObject, { nullable: true, description: "Raw fields passed through to the CRM behind StackOne." })
  passthrough?: Record<string, unknown> | null;
}
