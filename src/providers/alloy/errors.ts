import type { UpstreamErrorInfo } from "../../errors.js";
import { alloyErrorBody } from "./types.js";

/** Alloy's create-body members → unified input paths below `input`. */
const FIELDS: Record<string, (string | number)[]> = {
  lastName: ["lastName"],
  firstName: ["firstName"],
  account: ["companyName"],
  emailAddresses: ["emails"],
  phoneNumbers: ["phones"],
  addresses: ["addresses"],
  remoteFields: ["customFields"],
};
const ITEM_FIELDS: Record<string, Record<string, string>> = {
  emailAddresses: { emailAddress: "address", emailAddressType: "type" },
  phoneNumbers: { phoneNumber: "number", phoneNumberType: "type" },
  addresses: {
    street1: "line1", street2: "line2", city: "city", state: "state", countrySubdivision: "state",
    country: "countryCode", postalCode: "postalCode", addressType: "type",
  },
};

/**
 * "emailAddresses[1].emailAddress", "emailAddresses.1.emailAddress" or "/emailAddresses/1/emailAddress"
 * → ["emails", 1, "address"]. A remoteFields key maps to the customFields key of the same name
 * (alloy.remoteFields is merged there too). Anything else (credentialId, unknown names) → null.
 */
export function alloyFieldToPath(field: string | (string | number)[] | undefined): (string | number)[] | null {
  if (field === undefined) return null;
  const parts = (Array.isArray(field) ? field.map(String) : field.split(/[.[\]/]+/)).filter(Boolean);
  const [head, ...rest] = parts;
  const base = head === undefined ? undefined : FIELDS[head];
  if (!base) return null;
  if (rest.length === 0) return base;
  if (head === "remoteFields") return [...base, rest.join(".")];
  const [index, member] = rest;
  if (!/^\d+$/.test(index)) return null;
  if (member === undefined) return [...base, Number(index)];
  const unified = ITEM_FIELDS[head]?.[member];
  return unified ? [...base, Number(index), unified] : [...base, Number(index)];
}

const firstString = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Alloy documents its 400 with an empty schema, so read every common shape: `message` (string or
 * list), `error` (string or `{message}`), `errors` (a list of strings or `{field|path|property|param,
 * message}`, or a map of field → message). Only these strings are kept, never the body.
 */
export function parseAlloyError(body: unknown): UpstreamErrorInfo {
  const parsed = alloyErrorBody.safeParse(body);
  if (!parsed.success) return {};
  const { message, error, errors, requestId, request_id } = parsed.data;
  const summary = firstString(message) ?? (typeof error === "string" ? error : error?.message);
  const fields: NonNullable<UpstreamErrorInfo["fields"]> = [];
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e === "string") fields.push({ path: null, message: e });
      else fields.push({ path: alloyFieldToPath(e.field ?? e.path ?? e.property ?? e.param), message: e.message ?? summary ?? "Invalid value." });
    }
  } else if (errors) {
    for (const [key, value] of Object.entries(errors)) fields.push({ path: alloyFieldToPath(key), message: firstString(value) ?? "Invalid value." });
  } else if (Array.isArray(message)) {
    // A list of messages (a common validation style) without fields: one user error each.
    for (const m of message) fields.push({ path: null, message: m });
  }
  return { requestId: requestId ?? request_id, message: summary, fields: fields.length ? fields : undefined };
}
