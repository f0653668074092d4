import { z } from "zod";
import { providerIdSchema } from "../ids.js";

// Wire shapes from https://docs.masivo.ai/api-reference/contacts/post (seeds/masivo-create-contact.txt).
// Loose objects: providerData keeps every key Masivo returns (billing_info, payments, status, ...).

export interface MasivoAddress {
  street_1?: string;
  street_2?: string;
  zip_code?: string;
  city?: string;
  state?: string;
  country?: string;
}

/** What we send. Never created_at / updated_at / deleted_at: the seed fills them in, but they are Masivo's to set. */
export interface MasivoCreateContact {
  external_id?: string;
  first_name?: string;
  second_name?: string;
  last_name?: string;
  second_last_name?: string;
  email?: string;
  phone?: string;
  dob?: string;
  gender?: "MALE" | "FEMALE";
  /** Top-level, beside addresses[]: the primary address's. */
  country?: string;
  city?: string;
  source?: string;
  channel?: string;
  document_type?: string;
  document_number?: string;
  tags?: Record<string, unknown>;
  addresses?: MasivoAddress[];
}

const text = z.string().nullish();

export const masivoAddress = z.looseObject({ street_1: text, street_2: text, zip_code: text, city: text, state: text, country: text });

/** The bare contact of the create answer; `id`, `persona_id`, `email`, `document_type`, `document_number` are required there. */
export const masivoContact = z.looseObject({
  id: providerIdSchema,
  persona_id: z.string().min(1),
  email: z.string(),
  document_type: z.string().nullable(),
  document_number: z.string().nullable(),
  external_id: text,
  first_name: text,
  second_name: text,
  last_name: text,
  second_last_name: text,
  dob: text,
  gender: text,
  phone: text,
  tags: z.record(z.string(), z.unknown()).nullish(),
  addresses: z.array(masivoAddress).nullish(),
  created_at: text,
  updated_at: text,
});
export type MasivoContact = z.infer<typeof masivoContact>;

// https://docs.masivo.ai/api-reference/guides/integrate-with-masivo: the token is read as `(await res.json()).data`.
export const masivoAuthorization = z.looseObject({ data: z.string().min(1) });
