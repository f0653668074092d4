import { Field, ObjectType } from "type-graphql";
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

@ObjectType()
export class CreateContactPayload {
  @Field(() => Contact, { nullable: true, description: "Null when userErrors is not empty." })
  contact!: Contact | null;

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
