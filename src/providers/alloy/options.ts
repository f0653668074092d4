import { Field, InputType } from "type-graphql";
import { JSONObject } from "../../graphql/scalars.js";

@InputType({ description: "Fields only Alloy has. Ignored, with a warning, by the other providers." })
export class AlloyContactOptions {
  @Field(() => JSONObject, {
    nullable: true,
    description: "Raw fields of the app behind Alloy, keyed by that app's field names; values may be nested. Merged over customFields.",
  })
  remoteFields?: Record<string, unknown> | null;
}
