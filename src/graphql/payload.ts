import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Contact } from "./contact.js";
import { ContactProvider, ContactUserErrorCode, ContactWarningCode } from "./enums.js";
import { JSONObject } from "./scalars.js";

@ObjectType({ description: "A problem with the input. Nothing was created." })
export class ContactUserError {
  @Field(() => [String], { nullable: true, description: 'Path from the argument, e.g. ["input", "emails", "0", "address"].' })
  field!: string[] | null;

  @Field(() => String)
  message!: string;

  @Field(() => ContactUserErrorCode)
  code!: ContactUserErrorCode;

  @Field(() => ID, {
    nullable: true,
    description:
      "With DUPLICATE: the global id of the contact this one collides with, when the provider names it (see the README). Resolvable like any Contact id, through `_entities`.",
  })
  existingContactId?: string | null;
}

@ObjectType({ description: "Something in the input that the provider did not store. The contact was still created." })
export class ContactWarning {
  @Field(() => [String])
  field!: string[];

  @Field(() => String)
  message!: string;

  @Field(() => ContactWarningCode)
  code!: ContactWarningCode;
}

/** Lives in the payload, not only in error extensions: a router that redacts error details keeps it. */
export enum CreateContactOutcome {
  CREATED = "CREATED",
  NOT_CREATED = "NOT_CREATED",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(CreateContactOutcome, {
  name: "CreateContactOutcome",
  description: "Whether the contact exists at the provider after this call.",
  valuesConfig: {
    CREATED: { description: "Created (or replayed from the first call with this idempotency key)." },
    NOT_CREATED: {
      description: "Nothing was created: see userErrors, or the provider error on `contact` (nothing was sent, or the provider refused).",
    },
    UNKNOWN: {
      description:
        "The request may have reached the provider and its answer is lost (timeout, 5xx, unreadable answer): check the provider before creating again (see the README). The error is on `contact`.",
    },
  },
});

@ObjectType()
export class CreateContactPayload {
  @Field(() => Contact, {
    nullable: true,
    description: "Null unless outcome is CREATED; a provider error behind another outcome is raised on this field.",
  })
  contact!: Contact | null;

  @Field(() => CreateContactOutcome, {
    description: "Whether the contact exists at the provider: survives a router that redacts error details.",
  })
  outcome!: CreateContactOutcome;

  @Field(() => [ContactUserError])
  userErrors!: ContactUserError[];

  @Field(() => [ContactWarning], { description: "What the provider could not store: nothing is dropped silently." })
  warnings!: ContactWarning[];
}

@ObjectType({ description: "The upstream request createContact would send, with every credential redacted." })
export class ContactRequestPreview {
  @Field(() => ContactProvider)
  provider!: ContactProvider;

  @Field(() => String, { nullable: true, description: "Null when userErrors is not empty: nothing would be sent." })
  method!: string | null;

  @Field(() => String, { nullable: true, description: "Full upstream URL, query string included." })
  url!: string | null;

  @Field(() => JSONObject, { nullable: true, description: "Request headers; credentials read [REDACTED]." })
  headers!: Record<string, string> | null;

  @Field(() => JSONObject, { nullable: true, description: "The JSON body." })
  body!: Record<string, unknown> | null;

  @Field(() => [ContactUserError], { description: "What createContact would answer before any call." })
  userErrors!: ContactUserError[];

  @Field(() => [ContactWarning])
  warnings!: ContactWarning[];
}
