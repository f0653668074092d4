import { Directive, Field, ID, ObjectType } from "type-graphql";
import { AddressType, ContactProvider, EmailType, Gender, PhoneType } from "./enums.js";
import { CountryCode, DateTime, JSONObject, LocalDate } from "./scalars.js";

// Contact-prefixed names: a large supergraph already has its own Email, Phone and Address, and
// two subgraphs defining one value type must agree on every field of it.
@ObjectType({ description: "An email address of a contact." })
export class ContactEmail {
  @Field(() => String)
  address!: string;

  @Field(() => EmailType, { nullable: true })
  type?: EmailType | null;
}

@ObjectType({ description: "A phone number of a contact, as the provider stored it." })
export class ContactPhone {
  @Field(() => String)
  number!: string;

  @Field(() => PhoneType, { nullable: true })
  type?: PhoneType | null;
}

@ObjectType({ description: "A postal address of a contact." })
export class ContactAddress {
  @Field(() => String, { nullable: true })
  line1?: string | null;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  state?: string | null;

  @Field(() => String, { nullable: true })
  postalCode?: string | null;

  @Field(() => CountryCode, { nullable: true })
  countryCode?: string | null;

  @Field(() => AddressType, { nullable: true })
  type?: AddressType | null;
}

/** A contact as the provider stored it, mapped back to the unified model. */
@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A contact as stored by its provider, in the unified model." })
export class Contact {
  @Field(() => ID, { description: "Global, opaque and stable: encodes provider, connection and provider id." })
  id!: string;

  @Field(() => ContactProvider)
  provider!: ContactProvider;

  @Field(() => ID, { description: "The provider's own id, as the provider writes it." })
  providerId!: string;

  @Field(() => ID, { nullable: true, description: "The id in the CRM behind a unified API, for providers that are one." })
  remoteId?: string | null;

  @Field(() => ID, { nullable: true, description: "The tenant scope at the provider, when it has one." })
  connectionId?: string | null;

  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => [ContactEmail])
  emails!: ContactEmail[];

  @Field(() => [ContactPhone])
  phones!: ContactPhone[];

  @Field(() => [ContactAddress])
  addresses!: ContactAddress[];

  @Field(() => String, { nullable: true })
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => LocalDate, { nullable: true })
  dateOfBirth?: string | null;

  @Field(() => Gender, { nullable: true })
  gender?: Gender | null;

  @Field(() => String, { nullable: true })
  taxId?: string | null;

  @Field(() => String, { nullable: true })
  companyRegistrationNumber?: string | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => JSONObject, { nullable: true })
  customFields?: Record<string, unknown> | null;

  @Field(() => DateTime, { nullable: true })
  createdAt?: string | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt?: string | null;

  // Internal: a contract variant hides it from public clients (the raw record is provider-shaped).
  @Directive(`@tag(name: "internal")`)
  @Field(() => JSONObject, { nullable: true, description: "The upstream record exactly as the provider returned it." })
  providerData?: Record<string, unknown> | null;
}

/** What a provider's `from…Contact` mapper returns: a Contact without the ids we add. */
export type ContactRecord = Omit<Contact, "id" | "provider" | "connectionId">;
