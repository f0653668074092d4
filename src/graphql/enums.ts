import { registerEnumType } from "type-graphql";

/** The upstream systems a contact can be created in. One value per folder under src/providers. */
export enum ContactProvider {
  STORA = "STORA",
  MASIVO = "MASIVO",
  STACKONE = "STACKONE",
  GOMOBILE = "GOMOBILE",
  ALLOY = "ALLOY",
}

export enum Gender {
  FEMALE = "FEMALE",
  MALE = "MALE",
}

export enum EmailType {
  PERSONAL = "PERSONAL",
  WORK = "WORK",
  OTHER = "OTHER",
}

export enum PhoneType {
  MOBILE = "MOBILE",
  HOME = "HOME",
  WORK = "WORK",
  OTHER = "OTHER",
}

export enum AddressType {
  HOME = "HOME",
  WORK = "WORK",
  BILLING = "BILLING",
  SHIPPING = "SHIPPING",
  OTHER = "OTHER",
}

export enum ContactUserErrorCode {
  REQUIRED = "REQUIRED",
  INVALID = "INVALID",
  TOO_SHORT = "TOO_SHORT",
  TOO_LONG = "TOO_LONG",
  REJECTED_BY_PROVIDER = "REJECTED_BY_PROVIDER",
  DUPLICATE = "DUPLICATE",
  IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED",
}

export enum ContactWarningCode {
  FIELD_NOT_SUPPORTED = "FIELD_NOT_SUPPORTED",
}

/** How much of a unified field a provider keeps. */
export enum FieldStorage {
  ALL = "ALL",
  FIRST_ONLY = "FIRST_ONLY",
  NONE = "NONE",
}

// GraphQL names carry the Contact prefix: an enum used as input and output must have the same
// values in every subgraph that defines it, and Gender or EmailType are names other teams use too.
registerEnumType(ContactProvider, { name: "ContactProvider", description: "An upstream system that stores contacts." });
registerEnumType(Gender, { name: "ContactGender" });
registerEnumType(EmailType, { name: "ContactEmailType" });
registerEnumType(PhoneType, { name: "ContactPhoneType" });
registerEnumType(AddressType, { name: "ContactAddressType" });
registerEnumType(ContactUserErrorCode, {
  name: "ContactUserErrorCode",
  description: "Why the input was not accepted. Nothing was created when a user error is returned.",
});
registerEnumType(ContactWarningCode, { name: "ContactWarningCode" });
registerEnumType(FieldStorage, {
  name: "ContactFieldStorage",
  description: "How much of a unified input field a provider stores.",
  valuesConfig: {
    ALL: { description: "Every value is stored." },
    FIRST_ONLY: { description: "Only the first (primary) item of the list is stored; the others are answered with a warning." },
    NONE: { description: "Not stored; a value is answered with a FIELD_NOT_SUPPORTED warning." },
  },
});
