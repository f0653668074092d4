import { Field, InputType } from "type-graphql";

@InputType({ description: "Fields only Gomobile has. Ignored, with a warning, by the other providers." })
export class GomobileContactOptions {
  @Field(() => String, { nullable: true, description: '3 to 64 characters, e.g. "phone".' })
  preferredChannel?: string | null;

  @Field(() => [String], { nullable: true })
  channels?: string[] | null;
}
