import { ArgsType, Field, ID } from "type-graphql";
import { ContactProvider } from "./enums.js";
import { CreateContactInput } from "./inputs.js";

@ArgsType()
export class PreviewContactArgs {
  @Field(() => ContactProvider)
  provider!: ContactProvider;

  @Field(() => CreateContactInput)
  input!: CreateContactInput;

  @Field(() => ID, {
    nullable: true,
    description: "Tenant scope at the provider (an account or credential id; see contactProviders). Defaults to the configured one.",
  })
  connectionId?: string | null;
}

/** The one shape of createContact's arguments: the resolver receives it and src/contacts.ts works on it. */
@ArgsType()
export class CreateContactArgs extends PreviewContactArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Same key + same input within 24 h returns the first result and never creates twice. Same key + different input is a user error (IDEMPOTENCY_KEY_REUSED).",
  })
  idempotencyKey?: string | null;
}
