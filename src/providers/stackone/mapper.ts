import type { ContactRecord } from "../../graphql/contact.js";
import type { CreateContactInput } from "../../graphql/inputs.js";
import { compact } from "../parse.js";
import type { StackOneContactOptions } from "./options.js";
import type { StackOneContact, StackOneCreateContact } from "./types.js";

/**
 * Unified input → StackOne's create body. Emails and phones are flat string lists there (no type
 * labels), so every item is sent in order and index i of the input is index i on the wire.
 * customFields become `custom_fields[{name, value}]`: StackOne resolves the field by its name.
 */
export function toStackOneCreateContact(input: CreateContactInput, options?: StackOneContactOptions | null): StackOneCreateContact {
  return compact({
    first_name: input.firstName,
    last_name: input.lastName,
    company_name: input.companyName,
    emails: input.emails?.map((e) => e.address),
    phone_numbers: input.phones?.map((p) => p.number),
    deal_ids: options?.dealIds,
    account_ids: options?.accountIds,
    custom_fields: input.customFields ? Object.entries(input.customFields).map(([name, value]) => ({ name, value })) : undefined,
    passthrough: options?.passthrough,
  });
}

/**
 * Both kinds of custom data, by name: the project's unified_custom_fields, then the CRM's
 * custom_fields (what createContact sent comes back under the same name). Null when empty.
 */
export function stackOneCustomFields(contact: StackOneContact): Record<string, unknown> | null {
  const named = (contact.custom_fields ?? []).filter((f) => typeof f.name === "string" && f.name !== "");
  const map = { ...(contact.unified_custom_fields ?? {}), ...Object.fromEntries(named.map((f) => [f.name, f.value ?? null])) };
  return Object.keys(map).length ? map : null;
}

/** StackOne's `data` → unified. `id` is StackOne's; `remote_id` is the id in the CRM behind it. */
export function fromStackOneContact(contact: StackOneContact): ContactRecord {
  return {
    providerId: contact.id,
    remoteId: contact.remote_id ?? null,
    firstName: contact.first_name ?? null,
    lastName: contact.last_name ?? null,
    fullName: null,
    emails: (contact.emails ?? []).map((address) => ({ address })),
    phones: (contact.phone_numbers ?? []).map((number) => ({ number })),
    addresses: [],
    companyName: contact.company_name ?? null,
    customFields: stackOneCustomFields(contact),
    createdAt: contact.created_at ?? null,
    updatedAt: contact.updated_at ?? null,
    providerData: contact,
  };
}
