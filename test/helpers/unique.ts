import { createHash, randomUUID } from "node:crypto";
import { normalizeInput } from "../../src/providers/normalize.js";

// Providers often keep an email, a phone or an external id unique (a CRM answers 409 to a second
// contact with the same email). The shared suites send many contacts to each simulator, so each
// call gets values no other call has: every simulator can keep its provider's uniqueness rules.

/** Unique within this test process, and across processes (a random run id). */
const RUN = randomUUID().slice(0, 8);
let sequence = 0;

export interface FreshValues {
  email: string;
  /** E.164, a UK mobile number: valid for every provider's phone rules. */
  phone: string;
  externalId: string;
}

/**
 * Values no other call uses. With a `seed` (an idempotency key, say), the same seed gives the same
 * values, so a retry with the same key sends the same input.
 */
export function freshValues(seed?: string): FreshValues {
  const id = createHash("sha256")
    .update(seed === undefined ? `${RUN}:${++sequence}` : `${RUN}:seed:${seed}`)
    .digest("hex");
  // +44 7800 000000 to +44 7899 999999: UK mobile numbers libphonenumber accepts, 10⁸ of them.
  const digits = (BigInt(`0x${id.slice(0, 15)}`) % 100_000_000n).toString().padStart(8, "0");
  return { email: `contact.${id.slice(0, 16)}@example.com`, phone: `+4478${digits}`, externalId: `ext-${id.slice(0, 16)}` };
}

type Input = {
  emails?: { address?: unknown }[] | null;
  phones?: { number?: unknown; countryCode?: unknown }[] | null;
  externalId?: unknown;
};

/**
 * `input` with every email, phone and external id replaced by fresh ones. `expected` rewrites an
 * expectation written for the original input (a fixture's request or contact) to the fresh values,
 * phones compared in their normalised (E.164) form.
 */
export function withFreshValues<T extends Input>(input: T, seed?: string): { input: T; expected<E>(value: E): E } {
  const normalised = normalizeInput(input as never).input as Input;
  const replacements: [string, string][] = [];
  const fresh = (index: number) => freshValues(seed === undefined ? undefined : `${seed}:${index}`);
  const copy = structuredClone(input);
  copy.emails?.forEach((email, i) => {
    if (typeof email.address !== "string") return;
    const value = fresh(i).email;
    replacements.push([email.address, value]);
    email.address = value;
  });
  copy.phones?.forEach((phone, i) => {
    if (typeof phone.number !== "string") return;
    const value = fresh(i).phone;
    const original = normalised.phones?.[i]?.number;
    if (typeof original === "string") replacements.push([original, value]);
    phone.number = value;
  });
  if (typeof copy.externalId === "string") {
    const value = fresh(0).externalId;
    replacements.push([copy.externalId, value]);
    copy.externalId = value;
  }
  return {
    input: copy,
    expected: <E>(value: E) => JSON.parse(replacements.reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(value))) as E,
  };
}

/** `input` with fresh emails, phones and external id. */
export const freshInput = <T extends Input>(input: T, seed?: string): T => withFreshValues(input, seed).input;
