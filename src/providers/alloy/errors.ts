import type { UpstreamErrorInfo } from "../../errors.js";
import { parseUndocumentedError } from "../error-body.js";

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
    street1: "line1",
    street2: "line2",
    city: "city",
    state: "state",
    countrySubdivision: "state",
    country: "countryCode",
    postalCode: "postalCode",
    addressType: "type",
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

/** Alloy documents its 400 with an empty schema, so the usual shapes are read defensively; never the body. */
export const parseAlloyError = (body: unknown): UpstreamErrorInfo => parseUndocumentedError(body, alloyFieldToPath);
