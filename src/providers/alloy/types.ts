import { z } from "zod";
import { providerIdSchema } from "../ids.js";

// Wire shapes from https://alloy-docs.netlify.app/reference/unified-api/create-contact-1 (seed 004).
// Loose objects: the common model grows (lastActivityAt, remoteDeleted), and providerData keeps it all.

export interface AlloyEmailAddress {
  emailAddressType?: string;
  emailAddress: string;
}
export interface AlloyPhoneNumber {
  phoneNumberType?: string;
  phoneNumber: string;
}
export interface AlloyAddress {
  addressType?: string;
  street1?: string;
  street2?: string;
  city?: string;
  state?: string;
  countrySubdivision?: string;
  country?: string;
  postalCode?: string;
}

export interface AlloyCreateContact {
  lastName: string;
  firstName?: string;
  account?: string;
  addresses?: AlloyAddress[];
  emailAddresses?: AlloyEmailAddress[];
  phoneNumbers?: AlloyPhoneNumber[];
  remoteFields?: Record<string, unknown>;
}

const text = z.string().nullish();
// The published "example from schema" shows `emailAddresses: [null]`: tolerate null items.
const list = <T extends z.ZodType>(item: T) => z.array(item.nullable()).nullish();

export const alloyContact = z.looseObject({
  id: providerIdSchema,
  remoteId: z.union([z.string(), z.number()]).nullish(),
  firstName: text,
  lastName: text,
  // "object or null" in the docs; the create body sends a string, so accept both.
  account: z.union([z.looseObject({ name: text }), z.string()]).nullish(),
  addresses: list(
    z.looseObject({
      addressType: text,
      street1: text,
      street2: text,
      city: text,
      state: text,
      countrySubdivision: text,
      country: text,
      postalCode: text,
    }),
  ),
  emailAddresses: list(z.looseObject({ emailAddressType: text, emailAddress: text })),
  phoneNumbers: list(z.looseObject({ phoneNumberType: text, phoneNumber: text })),
  remoteFields: z.record(z.string(), z.unknown()).nullish(),
  createdAt: text,
  updatedAt: text,
});
export type AlloyContact = z.infer<typeof alloyContact>;

export const alloyContactEnvelope = z.looseObject({ contact: alloyContact });
