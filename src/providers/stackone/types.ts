import { z } from "zod";
import { providerIdSchema } from "../ids.js";

// Wire shapes from https://docs.stackone.com/crm/api-reference/contacts/creates-a-new-contact and the
// official SDK (StackOneHQ/stackone-client-typescript, CrmCreateContactRequestDto / ContactResult).
// Every field is optional and nullable there: the CRM behind decides what comes back.

export interface StackOneCustomField {
  name: string;
  value: unknown;
}

export interface StackOneCreateContact {
  first_name?: string;
  last_name?: string;
  company_name?: string;
  emails?: string[];
  phone_numbers?: string[];
  deal_ids?: string[];
  account_ids?: string[];
  custom_fields?: StackOneCustomField[];
  passthrough?: Record<string, unknown>;
}

const text = z.string().nullish();
const texts = z.array(z.string()).nullish();
// ISO-8601 with an offset, as the SDK parses created_at / updated_at.
const timestamp = z.iso.datetime({ offset: true }).nullish();

export const stackOneContact = z.looseObject({
  // The SDK types id as optional, but a contact without one cannot be read back or referenced.
  id: providerIdSchema,
  remote_id: text,
  first_name: text,
  last_name: text,
  company_name: text,
  emails: texts,
  phone_numbers: texts,
  deal_ids: texts,
  account_ids: texts,
  custom_fields: z.array(z.looseObject({ id: text, name: text, value: z.unknown() })).nullish(),
  unified_custom_fields: z.record(z.string(), z.unknown()).nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type StackOneContact = z.infer<typeof stackOneContact>;

/** `ContactResult`: `raw` is only filled when asked for with `raw=true`. */
export const stackOneContactResult = z.looseObject({
  data: stackOneContact,
  raw: z.array(z.unknown()).nullish(),
});

// https://docs.stackone.com/guides/unified-api-error-codes-and-troubleshooting-guide and the SDK's
// BadRequestResponse: provider_errors[].raw may hold the CRM's own body, so it is never read.
export const stackOneErrorBody = z.looseObject({
  statusCode: z.number().optional(),
  // A string per the docs; an array is what class-validator style servers send, read defensively.
  message: z.union([z.string(), z.array(z.string())]).optional(),
  timestamp: z.string().optional(),
  errorCode: z.string().nullish(),
});
