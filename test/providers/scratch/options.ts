import { Field, InputType } from "type-graphql";

@InputType({ description: "Fields only Scratch has. Ignored, with a warning, by the other providers." })
export class ScratchContactOptions {
  @Field(() => String, { nullable: true, description: "Where the contact is in the sales funnel (lead, customer, ...)." })
  lifecycleStage?: string | null;
}
