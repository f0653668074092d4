import type { UpstreamErrorInfo } from "../../errors.js";
import { stackOneErrorBody } from "./types.js";

type Path = (string | number)[];

/** Wire fields of the create body → unified paths below `input`; `i` is the list index when given. */
const FIELDS: Record<string, (i?: number) => Path> = {
  first_name: () => ["firstName"],
  last_name: () => ["lastName"],
  company_name: () => ["companyName"],
  emails: (i) => (i === undefined ? ["emails"] : ["emails", i, "address"]),
  phone_numbers: (i) => (i === undefined ? ["phones"] : ["phones", i, "number"]),
  deal_ids: (i) => (i === undefined ? ["stackone", "dealIds"] : ["stackone", "dealIds", i]),
  account_ids: (i) => (i === undefined ? ["stackone", "accountIds"] : ["stackone", "accountIds", i]),
  // The body carries no key of the caller's map, only an index into it: point at the map.
  custom_fields: () => ["customFields"],
  passthrough: () => ["stackone", "passthrough"],
};

/**
 * StackOne documents no field list in its errors, only a `message`. Validation messages name the
 * offending property first ("emails.0 must be an email", "property foo should not exist"), so a
 * leading wire field is mapped back; anything else stays a message without a field.
 */
export function stackOneFieldToPath(message: string): Path | null {
  const m = /^(?:property )?([a-z_]+)(?:\.(\d+))?(?:[.\s]|$)/.exec(message);
  const field = m && Object.hasOwn(FIELDS, m[1]) ? FIELDS[m[1]] : undefined;
  return field && m ? field(m[2] === undefined ? undefined : Number(m[2])) : null;
}

/**
 * Reads `{statusCode, message, timestamp, errorCode?, data?, provider_errors?}`
 * (https://docs.stackone.com/guides/unified-api-error-codes-and-troubleshooting-guide). Only
 * StackOne's own `message` is used: `data` and `provider_errors[]` relay the CRM's headers and raw
 * body. No request id is documented in the body; the transport reads a request id header.
 */
export function parseStackOneError(body: unknown): UpstreamErrorInfo {
  const parsed = stackOneErrorBody.safeParse(body);
  if (!parsed.success || parsed.data.message === undefined) return {};
  const messages = (Array.isArray(parsed.data.message) ? parsed.data.message : [parsed.data.message]).filter((m) => m.trim() !== "");
  if (!messages.length) return {};
  const fields = messages.map((message) => ({ path: stackOneFieldToPath(message), message }));
  return {
    message: messages.join("; "),
    fields: fields.some((f) => f.path) ? fields : undefined,
  };
}
