import type { ContactRecord } from "../../graphql/contact.js";
import { Gender } from "../../graphql/enums.js";
import type { AddressInput, CreateContactInput } from "../../graphql/inputs.js";
import { compact } from "../parse.js";
import type { GomobileContactOptions } from "./options.js";
import type { GomobileContact, GomobileCreateContact, GomobileGender } from "./types.js";

/** Gomobile's `address` is one line: line1 and line2 joined by ", " (the length rule applies to the whole). */
export const gomobileAddressLine = (address: AddressInput | null | undefined) =>
  [address?.line1, address?.line2].filter(Boolean).join(", ") || undefined;

const GENDER_TO: Record<Gender, GomobileGender> = { [Gender.MALE]: "male", [Gender.FEMALE]: "female" };
const GENDER_FROM: Record<string, Gender> = { male: Gender.MALE, female: Gender.FEMALE };

/**
 * Unified input → Gomobile's create body. The phone is required (checked before) and already
 * E.164; Gomobile keeps one email, one phone and one address, the rest was answered with warnings.
 */
export function toGomobileCreateContact(input: CreateContactInput, options?: GomobileContactOptions | null): GomobileCreateContact {
  const address = input.addresses?.[0];
  return {
    primaryPhone: input.phones![0].number,
    ...compact({
      firstName: input.firstName,
      lastName: input.lastName,
      fullName: input.fullName,
      primaryEmail: input.emails?.[0]?.address,
      address: gomobileAddressLine(address),
      city: address?.city,
      state: address?.state,
      zip: address?.postalCode,
      occupation: input.jobTitle,
      gender: input.gender ? GENDER_TO[input.gender] : undefined,
      preferredChannel: options?.preferredChannel,
      channels: options?.channels,
      customAttributes: input.customFields,
    }),
  };
}

/** The read-back's array of typed attributes (or a plain map) → a flat customFields map. */
export function fromGomobileAttributes(attributes: GomobileContact["customAttributes"]): Record<string, unknown> | null {
  if (!attributes) return null;
  const map = Array.isArray(attributes) ? Object.fromEntries(attributes.map((a) => [a.name, a.value ?? null])) : attributes;
  return Object.keys(map).length ? map : null;
}

/**
 * Gomobile's contact → unified. `address` is one line and cannot be split back into line1/line2,
 * so it comes back whole as line1. The create answer has no customAttributes; the read-back does.
 */
export function fromGomobileContact(contact: GomobileContact): ContactRecord {
  const hasAddress = [contact.address, contact.city, contact.state, contact.zip].some((v) => v != null);
  return {
    providerId: contact.id,
    remoteId: null,
    firstName: contact.firstName ?? null,
    lastName: contact.lastName ?? null,
    fullName: contact.fullName ?? null,
    emails: contact.primaryEmail ? [{ address: contact.primaryEmail }] : [],
    phones: contact.primaryPhone ? [{ number: contact.primaryPhone }] : [],
    addresses: hasAddress
      ? [{ line1: contact.address ?? null, city: contact.city ?? null, state: contact.state ?? null, postalCode: contact.zip ?? null }]
      : [],
    jobTitle: contact.occupation ?? null,
    gender: contact.gender ? (GENDER_FROM[contact.gender] ?? null) : null,
    customFields: fromGomobileAttributes(contact.customAttributes),
    createdAt: contact.createdAt ?? null,
    updatedAt: contact.updatedAt ?? null,
    providerData: contact,
  };
}
