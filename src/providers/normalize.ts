import type { GraphQLScalarType } from "graphql";
import { EmailAddressResolver, LocalDateResolver } from "graphql-scalars";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import validatorIsEmail from "validator/lib/isEmail.js";
import { ContactUserErrorCode } from "../graphql/enums.js";
import type { CreateContactInput } from "../graphql/inputs.js";
import type { ContactUserError } from "../graphql/payload.js";
import { toCountryCode } from "./country.js";
import { LIST_VALUE, UNIFIED_FIELDS, userError, type ListField } from "./fields.js";
import { inputBoundsErrors } from "./input-bounds.js";

/**
 * Reads a phone number into E.164. A national number needs a region: the phone's own countryCode,
 * else the country of the first address that has one.
 */
export function toE164(number: string, region?: string | null): string | undefined {
  const parsed = parsePhoneNumberFromString(number, { defaultCountry: (region ?? undefined) as CountryCode | undefined });
  return parsed?.isValid() ? parsed.number : undefined;
}

type Path = (string | number)[];
type Fields = Record<string, unknown>;

export interface NormalizedInput {
  /** What the providers' rules and mappers receive: strings trimmed, blanks absent, country codes upper-case, phones E.164. */
  input: CreateContactInput;
  /** Problems with the caller's values (format, flatness), at the caller's paths. */
  userErrors: ContactUserError[];
  /**
   * A path into `input`, as the caller wrote it. Blank list items are dropped, so the second email
   * the caller sent may be the first one here: every path found on `input` goes through this.
   */
  callerPath(field: string[]): string[];
}

const MESSAGES = {
  email: "Not a valid email address.",
  country: 'Not a country code: ISO 3166-1 alpha-2, two letters such as "GB" or "MA".',
  date: 'Not a valid date: write it as YYYY-MM-DD, such as "1815-12-10".',
  phone: "Not a valid phone number. Write it in international form (+14155551234), or give countryCode for a national number.",
  flat: "customFields values must be a string, number, boolean or null.",
};

// A CommonJS module whose types declare an ES default: `.default` is the function under both readings.
const isEmail = validatorIsEmail.default;

/**
 * An address both checks accept: graphql-scalars' EmailAddress (the output type, so it reads back) and
 * validator.js's isEmail, which class-validator's IsEmail runs and which, like JSON Schema's `format:
 * email`, refuses a domain without a dot and a stray dot in the local part: what the providers document.
 */
function isEmailAddress(value: string): boolean {
  return fits(EmailAddressResolver, value) && isEmail(value);
}

/** graphql-scalars' own validation, without its message (which echoes the value): ours say what to write. */
export function fits(scalar: GraphQLScalarType, value: string): boolean {
  try {
    scalar.parseValue(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * What makes an item of a unified list worth sending: an email its address, a phone its number, an
 * address any of its text fields. An item without is blank and dropped (a `type` alone says nothing).
 */
const ITEM_VALUES = Object.fromEntries(
  Object.entries(LIST_VALUE).map(([list, value]) => [
    list,
    value ? [value] : UNIFIED_FIELDS.filter((f) => f.startsWith(`${list}.`) && f !== `${list}.type`).map((f) => f.slice(list.length + 1)),
  ]),
) as Record<ListField, string[]>;

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

/** A blank string counts as absent everywhere; every other string is trimmed. */
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() || undefined : value);

/**
 * An input object with its strings trimmed and its blank fields left out. Lists of strings (a
 * provider's ids or channels) lose their blank items. Objects inside are JSON values (customFields, a
 * provider's raw passthrough fields) and pass as given.
 */
function trimFields(object: Fields, at: string, kept: Map<string, number[]>): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(object)) {
    const path = at ? `${at}.${key}` : key;
    const clean =
      Array.isArray(value) && value.every((item) => typeof item === "string")
        ? keepItems(value.map(trimmed), (item) => item !== undefined, path, kept)
        : trimmed(value);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

/** Keeps the items that are not blank, and remembers where each was in the caller's list. A list left empty is absent. */
function keepItems<T>(list: T[], filled: (item: T) => boolean, path: string, kept: Map<string, number[]>): T[] | undefined {
  const indices = list.flatMap((item, i) => (filled(item) ? [i] : []));
  if (indices.length === list.length) return list;
  kept.set(path, indices);
  return indices.length ? indices.map((i) => list[i]) : undefined;
}

/** Items one unified list (emails, phones, addresses) may hold: more than any provider stores, by far. */
export const MAX_LIST_ITEMS = 50;

/**
 * A longer list is refused before any item is read: each item costs a format check (libphonenumber
 * for a phone), and thousands of them, times the creates an operation may carry, held the event loop
 * for most of a second per request.
 */
function listLengthErrors(raw: CreateContactInput): ContactUserError[] {
  return Object.keys(LIST_VALUE).flatMap((list) => {
    const items = (raw as Fields)[list];
    return Array.isArray(items) && items.length > MAX_LIST_ITEMS
      ? [
          userError(
            ["input", list],
            ContactUserErrorCode.TOO_LONG,
            `At most ${MAX_LIST_ITEMS} items (this list has ${items.length}); no provider stores more.`,
          ),
        ]
      : [];
  });
}

/**
 * The one place where a caller's input becomes what providers receive, and where every check that
 * is the same for all providers runs: blanks, formats (email, country code, date, phone) and flat
 * customFields. Nothing here stops the providers' own rules from running too (contacts.ts), so one
 * answer lists every problem. An invalid value stays in `input` as the caller wrote it (trimmed):
 * the rules may read it, and no mapper runs while there are user errors.
 */
export function normalizeInput(raw: CreateContactInput): NormalizedInput {
  // First: nothing below (nor the idempotency hash, nor a mapper) may read a value of unbounded depth.
  const bounds = [...inputBoundsErrors(raw), ...listLengthErrors(raw)];
  if (bounds.length) return { input: raw, userErrors: bounds, callerPath: (field) => field };
  const kept = new Map<string, number[]>();
  const input: Fields = {};
  for (const [key, value] of Object.entries(raw)) {
    let clean: unknown;
    if (key in ITEM_VALUES && Array.isArray(value)) {
      const items = value.map((item: Fields) => trimFields(item, "", kept));
      clean = keepItems(items, (item) => ITEM_VALUES[key as ListField].some((field) => item[field] !== undefined), key, kept);
    } else if (key === "customFields") clean = value;
    else if (isObject(value))
      clean = trimFields(value, key, kept); // a provider's option input
    else clean = trimmed(value);
    if (clean !== undefined) input[key] = clean;
  }
  const normalized = input as CreateContactInput;

  const problems: ContactUserError[] = [];
  const invalid = (path: Path, message: string) => problems.push(userError(["input", ...path], ContactUserErrorCode.INVALID, message));

  normalized.emails?.forEach((email, i) => {
    if (!isEmailAddress(email.address)) invalid(["emails", i, "address"], MESSAGES.email);
  });
  // Country codes are upper-cased here, once: providers document "GB", and libphonenumber reads no region from "gb".
  const country = (item: { countryCode?: string | null }, path: Path) => {
    if (!item.countryCode) return undefined;
    const code = toCountryCode(item.countryCode);
    if (code) item.countryCode = code;
    else invalid([...path, "countryCode"], MESSAGES.country);
    return code;
  };
  const defaultRegion = normalized.addresses?.map((address) => toCountryCode(address.countryCode)).find(Boolean);
  normalized.phones?.forEach((phone, i) => {
    const region = country(phone, ["phones", i]);
    // A wrong countryCode is the one problem: the number is read again once it is right.
    if (phone.countryCode && !region) return;
    const e164 = toE164(phone.number, region ?? defaultRegion);
    if (e164) phone.number = e164;
    else invalid(["phones", i, "number"], MESSAGES.phone);
  });
  for (const [i, address] of (normalized.addresses ?? []).entries()) country(address, ["addresses", i]);
  if (normalized.dateOfBirth && !fits(LocalDateResolver, normalized.dateOfBirth)) invalid(["dateOfBirth"], MESSAGES.date);
  for (const [key, value] of Object.entries(normalized.customFields ?? {})) {
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) invalid(["customFields", key], MESSAGES.flat);
  }

  const callerPath = (field: string[]): string[] => {
    if (field[0] !== "input" || kept.size === 0) return field;
    const out = [...field];
    for (let i = 2; i < out.length; i++) {
      const indices = kept.get(out.slice(1, i).join("."));
      if (indices && /^\d+$/.test(out[i])) out[i] = String(indices[Number(out[i])] ?? out[i]);
    }
    return out;
  };
  return { input: normalized, userErrors: problems.map((e) => ({ ...e, field: e.field && callerPath(e.field) })), callerPath };
}
