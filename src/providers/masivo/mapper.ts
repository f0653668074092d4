import type { ContactRecord } from "../../graphql/contact.js";
import { Gender } from "../../graphql/enums.js";
import type { CreateContactInput } from "../../graphql/inputs.js";
import { toCountryCode } from "../country.js";
import { compact } from "../parse.js";
import type { MasivoContactOptions } from "./options.js";
import type { MasivoContact, MasivoCreateContact } from "./types.js";

/**
 * Unified input → Masivo's create body. Masivo keeps one email and one phone, every address
 * (without a type), and four name parts: the unified first/last plus the Masivo options. Its
 * contact also has a top-level country and city, which the primary (first) address fills.
 */
export function toMasivoCreateContact(input: CreateContactInput, options?: MasivoContactOptions | null): MasivoCreateContact {
  const primary = input.addresses?.[0];
  return compact({
    external_id: input.externalId,
    first_name: input.firstName,
    second_name: options?.secondName,
    last_name: input.lastName,
    second_last_name: options?.secondLastName,
    email: input.emails?.[0]?.address,
    dob: input.dateOfBirth,
    gender: input.gender ?? undefined,
    phone: input.phones?.[0]?.number,
    country: primary?.countryCode,
    city: primary?.city,
    source: options?.source,
    channel: options?.channel,
    document_type: options?.documentType,
    document_number: options?.documentNumber,
    tags: input.customFields,
    addresses: input.addresses?.map((a) =>
      compact({ street_1: a.line1, street_2: a.line2, city: a.city, state: a.state, zip_code: a.postalCode, country: a.countryCode }),
    ),
  });
}

// `dob` is documented as YYYY-MM-DD; a timestamp is cut to its date rather than failing the whole contact.
const date = (dob: string | null | undefined) => (dob && /^\d{4}-\d{2}-\d{2}/.test(dob) ? dob.slice(0, 10) : null);
const gender = (g: string | null | undefined) => (g === "MALE" ? Gender.MALE : g === "FEMALE" ? Gender.FEMALE : null);

/** Masivo's bare contact → unified. second_name, second_last_name and document_* stay in providerData. */
export function fromMasivoContact(contact: MasivoContact): ContactRecord {
  return {
    providerId: contact.id,
    remoteId: null,
    firstName: contact.first_name ?? null,
    lastName: contact.last_name ?? null,
    fullName: null,
    emails: contact.email ? [{ address: contact.email }] : [],
    phones: contact.phone ? [{ number: contact.phone }] : [],
    addresses: (contact.addresses ?? []).map((a) => ({
      line1: a.street_1 ?? null,
      line2: a.street_2 ?? null,
      city: a.city ?? null,
      state: a.state ?? null,
      postalCode: a.zip_code ?? null,
      countryCode: toCountryCode(a.country),
    })),
    dateOfBirth: date(contact.dob),
    gender: gender(contact.gender),
    externalId: contact.external_id ?? null,
    customFields: contact.tags && Object.keys(contact.tags).length ? contact.tags : null,
    createdAt: contact.created_at ?? null,
    updatedAt: contact.updated_at ?? null,
    providerData: contact,
  };
}
