import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { ContactUserErrorCode } from "../graphql/enums.js";
import type { CreateContactInput } from "../graphql/inputs.js";
import type { ContactUserError } from "../graphql/payload.js";
import { userError } from "./fields.js";
import { inputBoundsErrors } from "./input-bounds.js";

/**
 * Reads a phone number into E.164. A national number needs a region: the phone's own countryCode,
 * else the country of the first address that has one.
 */
export function toE164(number: string, region?: string | null): string | undefined {
  const parsed = parsePhoneNumberFromString(number, { defaultCountry: (region ?? undefined) as CountryCode | undefined });
  return parsed?.isValid() ? parsed.number : undefined;
}

const blank = (v: unknown) => typeof v === "string" && v.trim() === "";
const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/**
 * Checks every provider needs: phones normalised to E.164, customFields flat. Blank strings are
 * treated as absent, so no provider receives "" for a field the caller did not really fill.
 */
export function normalizeInput(raw: CreateContactInput): { input: CreateContactInput; userErrors: ContactUserError[] } {
  // First: nothing below (nor the idempotency hash, nor a mapper) may read a value of unbounded depth.
  const bounds = inputBoundsErrors(raw);
  if (bounds.length) return { input: raw, userErrors: bounds };
  const userErrors: ContactUserError[] = [];
  const input: CreateContactInput = Object.fromEntries(Object.entries(raw).filter(([, v]) => !blank(v) && v !== undefined)) as CreateContactInput;
  const defaultRegion = raw.addresses?.find((a) => a.countryCode)?.countryCode;

  if (raw.phones) {
    input.phones = raw.phones.map((phone, i) => {
      const e164 = toE164(phone.number, phone.countryCode ?? defaultRegion);
      if (!e164)
        userErrors.push(userError(["input", "phones", i, "number"], ContactUserErrorCode.INVALID,
          "Not a valid phone number. Write it in international form (+14155551234), or give countryCode for a national number."));
      return { ...phone, number: e164 ?? phone.number };
    });
  }
  if (raw.addresses) {
    input.addresses = raw.addresses.map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => !blank(v))) as typeof a);
  }
  for (const [key, value] of Object.entries(raw.customFields ?? {})) {
    if (!isScalar(value))
      userErrors.push(userError(["input", "customFields", key], ContactUserErrorCode.INVALID, "customFields values must be a string, number, boolean or null."));
  }
  return { input, userErrors };
}
