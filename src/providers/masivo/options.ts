import { Field, InputType } from "type-graphql";

@InputType({ description: "Fields only Masivo has. Ignored, with a warning, by the other providers." })
export class MasivoContactOptions {
  @Field(() => String, { nullable: true })
  secondName?: string | null;

  @Field(() => String, { nullable: true })
  secondLastName?: string | null;

  @Field(() => String, { nullable: true })
  documentType?: string | null;

  @Field(() => String, { nullable: true })
  documentNumber?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => String, { nullable: true })
  channel?: string | null;
}
