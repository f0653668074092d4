import { Field, InputType } from "type-graphql";
import { AddressType, EmailType, Gender, PhoneType } from "./enums.js";
import { JSONObject } from "./scalars.js";

// Contact-prefixed: input types of one name are merged across subgraphs and must agree field by field.
// Fields with a format (email, country code, date) are String here, checked in src/providers/normalize.ts
// with graphql-scalars' own validation (and validator.js for emails): a wrong format then comes back as a user error at its path, in
// the same answer as every other problem, instead of failing the variables before any check runs.
// Output types keep the precise scalars.
@InputType("ContactEmailInput", { description: "An email address. The first one in a list is the primary." })
export class EmailInput {
  @Field(() => String, {
    description:
      "An email address, checked as graphql-scalars' EmailAddress and validator.js's isEmail check it (the domain needs a dot). A blank one counts as absent: the item is dropped.",
  })
  address!: string;

  @Field(() => EmailType, { nullable: true })
  type?: EmailType | null;
}

@InputType("ContactPhoneInput", { description: "A phone number. The first one in a list is the primary." })
export class PhoneInput {
  @Field(() => String, {
    description:
      "Any common notation. It is normalised to E.164 (+14155551234); a national number needs `countryCode` or a country on the first address. A blank one counts as absent: the item is dropped.",
  })
  number!: string;

  @Field(() => PhoneType, { nullable: true })
  type?: PhoneType | null;

  @Field(() => String, {
    nullable: true,
    description: "ISO 3166-1 alpha-2 region, in either case, used to read a number written without its +country prefix.",
  })
  countryCode?: string | null;
}

@InputType("ContactAddressInput", { description: "A postal address. The first one in a list is the primary." })
export class AddressInput {
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

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2, in either case (gb or GB); sent upper-case." })
  countryCode?: string | null;

  @Field(() => AddressType, { nullable: true })
  type?: AddressType | null;
}

/**
 * The unified contact. Each provider stores what it can; what it cannot store comes back as a
 * FIELD_NOT_SUPPORTED warning (see `contactProviders`). The per-provider option inputs
 * (keyed by each provider's `optionsKey`) are added from the provider list in src/providers/index.ts.
 */
@InputType({ description: "A contact in the unified model. Each provider stores what it can; see contactProviders." })
export class CreateContactInput {
  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => [EmailInput], { nullable: true, description: "The first one is the primary." })
  emails?: EmailInput[] | null;

  @Field(() => [PhoneInput], { nullable: true, description: "The first one is the primary; normalised to E.164." })
  phones?: PhoneInput[] | null;

  @Field(() => [AddressInput], { nullable: true, description: "The first one is the primary." })
  addresses?: AddressInput[] | null;

  @Field(() => String, { nullable: true })
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD, a date that exists." })
  dateOfBirth?: string | null;

  @Field(() => Gender, { nullable: true })
  gender?: Gender | null;

  @Field(() => String, { nullable: true })
  taxId?: string | null;

  @Field(() => String, { nullable: true })
  companyRegistrationNumber?: string | null;

  @Field(() => String, { nullable: true, description: "Your own id for this contact." })
  externalId?: string | null;

  @Field(() => JSONObject, { nullable: true, description: "Flat map of key to scalar value (string, number, boolean)." })
  customFields?: Record<string, unknown> | null;

  /** Provider option inputs, keyed by the provider's `optionsKey` (registered in schema.ts). */
  [options: string]: unknown;
}
