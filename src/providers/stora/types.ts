import { z } from "zod";
import { providerIdSchema } from "../ids.js";

// Wire shapes from https://docs.stora.co/2025-09/api-reference/contacts/create-a-contact.
// Loose objects: Stora adds keys over time (status, identity_check), and providerData keeps them.

export interface StoraCreateContact {
  email: string;
  full_name?: string;
  phone_number?: string;
  tax_id?: string;
  company_registration_number?: string;
  type?: string;
  source?: string;
  marketing_source?: string;
  use_case?: string;
  address?: { line_1?: string; line_2?: string; city?: string; postal_code?: string; state?: string; country_alpha2?: string };
  metadata?: Record<string, unknown>;
}

const text = z.string().nullish();

export const storaContact = z.looseObject({
  id: providerIdSchema,
  email: text,
  full_name: text,
  phone_number: text,
  tax_id: text,
  company_registration_number: text,
  address: z.looseObject({ line_1: text, line_2: text, city: text, postal_code: text, state: text, country_alpha2: text }).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  created_at: text,
  updated_at: text,
});
export type StoraContact = z.infer<typeof storaContact>;

export const storaContactEnvelope = z.object({
  contact: storaContact,
  meta: z.looseObject({ request_id: z.string().optional() }).optional(),
});

// https://docs.stora.co/2025-09/guides/errors
export const storaErrorBody = z.object({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string().optional(),
    request_id: z.string().optional(),
    details: z.array(z.looseObject({ message: z.string().optional(), pointer: z.string().optional() })).optional(),
  }),
});
