import { Field, Int, ObjectType } from "type-graphql";
import { ContactProvider, FieldStorage } from "./enums.js";

@ObjectType({ description: "How one provider treats one unified input field." })
export class ContactProviderField {
  @Field(() => String, { description: 'Dotted input path: "emails", "addresses.postalCode".' })
  field!: string;

  @Field(() => FieldStorage)
  storage!: FieldStorage;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => String, { nullable: true, description: "Where the provider stores it, in its own terms." })
  upstreamField!: string | null;

  @Field(() => Int, { nullable: true })
  minLength!: number | null;

  @Field(() => Int, { nullable: true })
  maxLength!: number | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ description: "What a provider needs and stores, derived from the rules that validate createContact." })
export class ContactProviderInfo {
  @Field(() => ContactProvider)
  provider!: ContactProvider;

  @Field(() => Boolean, { description: "Credentials are set (or the sandbox serves it)." })
  configured!: boolean;

  @Field(() => Boolean, { description: "Served by a built-in simulator: nothing real is created." })
  sandbox!: boolean;

  @Field(() => Boolean, { description: "createContact needs a connectionId (or the configured default)." })
  connectionRequired!: boolean;

  @Field(() => [String], { description: "Unified input fields it requires, as dotted paths." })
  requiredFields!: string[];

  @Field(() => [String], { description: "Unified input fields it can store, as dotted paths." })
  supportedFields!: string[];

  @Field(() => [ContactProviderField])
  fields!: ContactProviderField[];
}
