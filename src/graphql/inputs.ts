import { Field, InputType } from "type-graphql";
import { AddressType, EmailType, Gender, PhoneType } from "./enums.js";
import { CountryCode, EmailAddress, JSONObject, LocalDate } from "./scalars.js";

// Contact-prefixed: input types of one name are merged across subgraphs and must agree field by field.
@InputType("ContactEmailInput", { description: "An email address. The first one in a list is the primary." })
export class EmailInput {
  @Field(() => EmailAddress)
  address!: string;

  @Field(() => EmailType, { nullable: true })
  type?: EmailType | null;
}

@InputType("ContactPhoneInput", { description: "A phone number. The first one in a list is the primary." })
export class PhoneInput {
  @Field(() => String, {
    description:
      "Any common notation. It is normalised to E.164 (+14155551234); a national number needs `countryCode` or a country on the first address.",
  })
  number!: string;

  @Field(() => PhoneType, { nullable: true })
  type?: PhoneType | null;

  @Field(() => CountryCode, {
    nullable: true,
    description: "ISO 3166-1 alpha-2 region used to read a number written without its +country prefix.",
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

  @Field(() => CountryCode, { nullable: true, description: "ISO 3166-1 alpha-2." })
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

  @Field(() => LocalDate, { nullable: true, description: "YYYY-MM-DD" })
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
