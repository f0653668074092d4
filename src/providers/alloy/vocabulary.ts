import { AddressType, EmailType, PhoneType } from "../../graphql/enums.js";

// Alloy's *Type fields are free strings; the docs only give examples: emails "main, secondary",
// phones "primary, secondary", addresses "shipping, billing". A unified type is sent as its
// lowercase word. An untyped email or phone gets the docs' positional word (the first is the
// primary in the unified model), so the CRM behind Alloy still sees which one is the main one.

export const EMAIL_TYPES: Record<EmailType, string> = { PERSONAL: "personal", WORK: "work", OTHER: "other" };
export const PHONE_TYPES: Record<PhoneType, string> = { MOBILE: "mobile", HOME: "home", WORK: "work", OTHER: "other" };
export const ADDRESS_TYPES: Record<AddressType, string> = {
  HOME: "home",
  WORK: "work",
  BILLING: "billing",
  SHIPPING: "shipping",
  OTHER: "other",
};
export const POSITIONAL = { email: ["main", "secondary"], phone: ["primary", "secondary"] } as const;

/** Words a CRM behind Alloy may send back for the same meaning; positional words mean no type. */
const SYNONYMS = {
  email: { personal: EmailType.PERSONAL, home: EmailType.PERSONAL, work: EmailType.WORK, business: EmailType.WORK, other: EmailType.OTHER },
  phone: {
    mobile: PhoneType.MOBILE,
    cell: PhoneType.MOBILE,
    cellular: PhoneType.MOBILE,
    home: PhoneType.HOME,
    work: PhoneType.WORK,
    business: PhoneType.WORK,
    office: PhoneType.WORK,
    other: PhoneType.OTHER,
  },
  address: {
    home: AddressType.HOME,
    work: AddressType.WORK,
    business: AddressType.WORK,
    billing: AddressType.BILLING,
    shipping: AddressType.SHIPPING,
    other: AddressType.OTHER,
  },
} as const;

const lookup = <T>(table: Record<string, T>, value: string | null | undefined): T | null =>
  (value && Object.hasOwn(table, value.trim().toLowerCase()) ? table[value.trim().toLowerCase()] : null) ?? null;

export const toAlloyEmailType = (type: EmailType | null | undefined, index: number) =>
  type ? EMAIL_TYPES[type] : POSITIONAL.email[Math.min(index, 1)];
export const toAlloyPhoneType = (type: PhoneType | null | undefined, index: number) =>
  type ? PHONE_TYPES[type] : POSITIONAL.phone[Math.min(index, 1)];

export const fromAlloyEmailType = (value: string | null | undefined): EmailType | null => lookup<EmailType>(SYNONYMS.email, value);
export const fromAlloyPhoneType = (value: string | null | undefined): PhoneType | null => lookup<PhoneType>(SYNONYMS.phone, value);
export const fromAlloyAddressType = (value: string | null | undefined): AddressType | null => lookup<AddressType>(SYNONYMS.address, value);
