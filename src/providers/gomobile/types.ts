import { z } from "zod";
import { providerIdSchema } from "../ids.js";

// Wire shapes from https://docs.gomobile.ma/api-reference/contacts (create; seed gomobile-create-contact.txt),
// the lengths from https://docs.gomobile.ma/core-concepts/contacts, and the read-back from
// https://docs.gomobile.ma/api-reference/contacts/get-contact-by-id-with-custom-attributes.

export type GomobileGender = "male" | "female";

export interface GomobileCreateContact {
  primaryPhone: string;
  firstName?: string;
  lastName?: string;
  fullName?: string;
  primaryEmail?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  occupation?: string;
  preferredChannel?: string;
  gender?: GomobileGender;
  channels?: string[];
  /** A key → value map on create; attribute keys must be defined in Gomobile beforehand. */
  customAttributes?: Record<string, unknown>;
}

const text = z.string().nullish();

/** One entry of `customAttributes` as GET contact/{id} returns it. */
export const gomobileCustomAttribute = z.looseObject({
  name: z.string().min(1),
  displayName: text,
  type: text,
  value: z.unknown(),
  isLocked: z.boolean().nullish(),
  description: text,
});
export type GomobileCustomAttribute = z.infer<typeof gomobileCustomAttribute>;

// Bare object, no envelope. Only what we read is required: the create is not idempotent, so
// refusing a contact that was created over an extra or missing side field would do more harm.
export const gomobileContact = z.looseObject({
  id: providerIdSchema,
  organizationId: text,
  primaryPhone: z.string(),
  channels: z.array(z.string()).nullish(),
  createdAt: text,
  updatedAt: text,
  firstName: text,
  lastName: text,
  fullName: text,
  primaryEmail: text,
  address: text,
  city: text,
  state: text,
  zip: text,
  occupation: text,
  preferredChannel: text,
  gender: text,
  // An array of typed attributes on read-back; absent on create. A map is tolerated too.
  customAttributes: z.union([z.array(gomobileCustomAttribute), z.record(z.string(), z.unknown())]).nullish(),
});
export type GomobileContact = z.infer<typeof gomobileContact>;

// Undocumented; the API is a NestJS app, whose default error body this is [I].
export const gomobileErrorBody = z.looseObject({
  statusCode: z.number().optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
  error: z.string().optional(),
  requestId: z.string().optional(),
});
