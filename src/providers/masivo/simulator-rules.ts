// The documented request schema of https://docs.masivo.ai/api-reference/contacts/post, as the
// simulator checks it. Masivo documents no lengths; only types, formats and enums are checked.

const TEXT = [
  "external_id",
  "first_name",
  "second_name",
  "last_name",
  "second_last_name",
  "country",
  "city",
  "phone",
  "source",
  "channel",
  "document_type",
  "document_number",
  "status",
];
const BOOLEAN = ["email_verified", "is_anonymous", "phone_verified"];
const ADDRESS_KEYS = ["street_1", "street_2", "street_number", "reference", "alias", "zip_code", "city", "state", "country"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every key of the documented contact, as a new contact has it before the request's values apply. */
export const MASIVO_CONTACT_DEFAULTS = {
  deleted_at: null,
  external_id: null,
  first_name: null,
  second_name: null,
  last_name: null,
  second_last_name: null,
  email_verified: false,
  dob: null,
  gender: null,
  country: null,
  city: null,
  phone: null,
  is_anonymous: false,
  source: null,
  channel: null,
  phone_verified: false,
  document_type: null,
  document_number: null,
  status: "ACTIVE",
  tags: {},
  addresses: [],
  billing_info: [],
  payments: [],
};

const validDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export function validateMasivoContact(body: Record<string, unknown>): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message });
  // Not marked required in the request, but the contact schema makes `email` non-null: a contact without one cannot exist.
  if (typeof body.email !== "string") bad("email", "email is required");
  else if (!EMAIL.test(body.email)) bad("email", "email must be a valid email address");
  for (const key of TEXT) if (body[key] != null && typeof body[key] !== "string") bad(key, `${key} must be a string`);
  for (const key of BOOLEAN) if (body[key] !== undefined && typeof body[key] !== "boolean") bad(key, `${key} must be a boolean`);
  if (body.dob != null && (typeof body.dob !== "string" || !validDate(body.dob))) bad("dob", "dob must be a date (YYYY-MM-DD)");
  if (body.gender != null && body.gender !== "MALE" && body.gender !== "FEMALE") bad("gender", "gender must be one of MALE, FEMALE");
  if (body.tags != null && (typeof body.tags !== "object" || Array.isArray(body.tags))) bad("tags", "tags must be an object");
  if (body.addresses != null) {
    if (!Array.isArray(body.addresses)) bad("addresses", "addresses must be an array");
    else
      for (const [i, a] of (body.addresses as unknown[]).entries()) {
        if (typeof a !== "object" || a === null || Array.isArray(a)) {
          bad(`addresses[${i}]`, "must be an object");
          continue;
        }
        for (const [key, value] of Object.entries(a))
          if (!ADDRESS_KEYS.includes(key)) bad(`addresses[${i}].${key}`, `${key} is not an address field`);
          else if (value != null && typeof value !== "string") bad(`addresses[${i}].${key}`, `${key} must be a string`);
      }
  }
  return errors;
}
