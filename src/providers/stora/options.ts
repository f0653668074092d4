import { Field, InputType, registerEnumType } from "type-graphql";

// Stora's four closed lists (https://docs.stora.co/2025-09/api-reference/contacts/create-a-contact).
// GraphQL enums make an unknown value a validation error before any call.
export enum StoraContactType {
  DOMESTIC = "domestic",
  COMPANY = "company",
  STUDENT = "student",
  CHARITY = "charity",
  LOCAL_AUTHORITY = "local_authority",
}
export enum StoraContactSource {
  PRE_OPEN = "pre_open",
  INCOMPLETE_BOOKING = "incomplete_booking",
  REGISTERED_INTEREST = "registered_interest",
  PRICE_INTEREST = "price_interest",
  QUOTATION_REQUEST = "quotation_request",
  BOOKING = "booking",
  POPUP = "popup",
  EXTERNAL_ENQUIRY = "external_enquiry",
  PHONE = "phone",
  WALKIN = "walkin",
  IMPORT = "import",
  OTHER = "other",
}
export enum StoraMarketingSource {
  USED_BEFORE = "used_before",
  RECOMMENDATION = "recommendation",
  RECEIVED_LEAFLET = "received_leaflet",
  SEEN_BUILDING_SIGNS = "seen_building_signs",
  SEEN_ADVERT = "seen_advert",
  FACEBOOK_MARKETPLACE = "facebook_marketplace",
  GOOGLE_SEARCH = "google_search",
  OTHER_ONLINE_SEARCH = "other_online_search",
  SOCIAL_MEDIA = "social_media",
  EMAIL = "email",
  RADIO = "radio",
  OTHER = "other",
}
export enum StoraUseCase {
  BUSINESS_NEEDS = "business_needs",
  MOVING_HOME = "moving_home",
  MORE_SPACE = "more_space",
  REFURB = "refurb",
  TRAVELLING = "travelling",
  OTHER = "other",
}

registerEnumType(StoraContactType, { name: "StoraContactType" });
registerEnumType(StoraContactSource, { name: "StoraContactSource" });
registerEnumType(StoraMarketingSource, { name: "StoraMarketingSource" });
registerEnumType(StoraUseCase, { name: "StoraUseCase" });

@InputType({ description: "Fields only Stora has. Ignored, with a warning, by the other providers." })
export class StoraContactOptions {
  @Field(() => StoraContactType, { nullable: true })
  type?: StoraContactType | null;

  @Field(() => StoraContactSource, { nullable: true })
  source?: StoraContactSource | null;

  @Field(() => StoraMarketingSource, { nullable: true, description: "How the contact found the business." })
  marketingSource?: StoraMarketingSource | null;

  @Field(() => StoraUseCase, { nullable: true, description: "Why the contact needs storage." })
  useCase?: StoraUseCase | null;
}
