import { ContactUserErrorCode } from "../../graphql/enums.js";
import type { CreateContactInput } from "../../graphql/inputs.js";
import type { ContactUserError } from "../../graphql/payload.js";
import { codePoints, userError, type Issues } from "../fields.js";
import { gomobileAddressLine } from "./mapper.js";
import type { GomobileContactOptions } from "./options.js";

// Lengths the field table cannot express (https://docs.gomobile.ma/core-concepts/contacts):
// `address` (3–256) is line1 and line2 joined, and preferredChannel (3–64) is an option.
export const ADDRESS_LENGTH = { min: 3, max: 256 };
export const PREFERRED_CHANNEL_LENGTH = { min: 3, max: 64 };

function lengthError(path: (string | number)[], value: string, min: number, max: number, what = "this field"): ContactUserError[] {
  const n = codePoints(value);
  if (n < min) return [userError(path, ContactUserErrorCode.TOO_SHORT, `Gomobile needs at least ${min} characters in ${what} (got ${n}).`)];
  if (n > max) return [userError(path, ContactUserErrorCode.TOO_LONG, `Gomobile accepts at most ${max} characters in ${what} (got ${n}).`)];
  return [];
}

/**
 * The joined address line: too short can only be one line alone, so the error points at it; too
 * long points at line1 when line1 alone is over, else at line2, which pushed the join over.
 */
function addressErrors(input: CreateContactInput): ContactUserError[] {
  const address = input.addresses?.[0];
  const joined = gomobileAddressLine(address);
  if (!address || joined === undefined) return [];
  const { line1, line2 } = address;
  const at = (sub: "line1" | "line2") => ["input", "addresses", 0, sub];
  if (line1 && line2) {
    if (codePoints(line1) > ADDRESS_LENGTH.max)
      return lengthError(at("line1"), line1, ADDRESS_LENGTH.min, ADDRESS_LENGTH.max, "address (line1)");
    return lengthError(at("line2"), joined, ADDRESS_LENGTH.min, ADDRESS_LENGTH.max, 'address (line1 and line2 joined by ", ")');
  }
  return lengthError(at(line1 ? "line1" : "line2"), joined, ADDRESS_LENGTH.min, ADDRESS_LENGTH.max, "address");
}

export function checkGomobile(input: CreateContactInput, options: GomobileContactOptions | undefined): Partial<Issues> {
  const channel = options?.preferredChannel;
  return {
    userErrors: [
      ...addressErrors(input),
      ...(channel != null
        ? lengthError(["input", "gomobile", "preferredChannel"], channel, PREFERRED_CHANNEL_LENGTH.min, PREFERRED_CHANNEL_LENGTH.max)
        : []),
    ],
  };
}
