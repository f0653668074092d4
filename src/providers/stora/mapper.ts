import type { ContactRecord } from "../../graphql/contact.js";
import type { CreateContactInput } from "../../graphql/inputs.js";
import { compact } from "../parse.js";
import type { StoraContactOptions } from "./options.js";
import type { StoraContact, StoraCreateContact } from "./types.js";

/** The metadata key Stora's documented example gives an external id. */
export const EXTERNAL_ID = "external_id";

/** Stora keeps one name: `fullName` when given, else first and last joined. */
export const storaFullName = (input: CreateContactInput) =>
  input.fullName ?? ([input.firstName, input.lastName].filter(Boolean).join(" ") || undefined);

/**
 * Unified input → Stora's create body. Stora stores one email (required), one phone and one
 * address; validation has already warned about the rest. The email is checked present before.
 */
export function toStoraCreateContact(input: CreateContactInput, options?: StoraContactOptions | null): StoraCreateContact {
  const address = input.addresses?.[0];
  return {
    email: input.emails![0].address,
    ...compact({
      full_name: storaFullName(input),
      phone_number: input.phones?.[0]?.number,
      tax_id: input.taxId,
      company_registration_number: input.companyRegistrationNumber,
      type: options?.type,
      source: options?.source,
      marketing_source: options?.marketingSource,
      use_case: options?.useCase,
      address: address
        ? compact({
            line_1: address.line1,
            line_2: address.line2,
            city: address.city,
            postal_code: address.postalCode,
            state: address.state,
            country_alpha2: address.countryCode,
          })
        : undefined,
      metadata: input.externalId ? { ...input.customFields, [EXTERNAL_ID]: input.externalId } : input.customFields,
    }),
  };
}

/** Stora's contact → unified. `full_name` cannot be split reliably, so first/last stay null. */
export function fromStoraContact(contact: StoraContact): ContactRecord {
  const a = contact.address;
  const { [EXTERNAL_ID]: external, ...others } = contact.metadata ?? {};
  // Only a text external_id is an externalId; anything else stays a custom field.
  const externalId = typeof external === "string" ? external : null;
  const customFields = externalId === null ? (contact.metadata ?? {}) : others;
  return {
    providerId: contact.id,
    remoteId: null,
    firstName: null,
    lastName: null,
    fullName: contact.full_name ?? null,
    emails: contact.email ? [{ address: contact.email }] : [],
    phones: contact.phone_number ? [{ number: contact.phone_number }] : [],
    addresses: a
      ? [{ line1: a.line_1, line2: a.line_2, city: a.city, state: a.state, postalCode: a.postal_code, countryCode: a.country_alpha2 }]
      : [],
    taxId: contact.tax_id ?? null,
    companyRegistrationNumber: contact.company_registration_number ?? null,
    externalId,
    customFields: Object.keys(customFields).length ? customFields : null,
    createdAt: contact.created_at ?? null,
    updatedAt: contact.updated_at ?? null,
    providerData: contact,
  };
}
