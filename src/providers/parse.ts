import type { z } from "zod";
import { badResponse } from "../errors.js";
import type { UpstreamResponse } from "./http.js";

/**
 * Checks a 2xx body against the provider's documented shape. The message names the first
 * offending path, never a value from the body.
 */
export function parseResponse<T extends z.ZodType>(provider: string, schema: T, res: UpstreamResponse): z.infer<T> {
  const parsed = schema.safeParse(res.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // A path member can be a key of the body (a record's key): only name-like ones are repeated.
  const where = issue?.path.length
    ? issue.path.map((p) => (typeof p === "number" || /^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(String(p)) ? p : "?")).join(".")
    : "the body";
  // A 2xx to a create means it probably exists, but we cannot say which contact it is.
  throw badResponse(provider, `${where}: ${issue?.code ?? "invalid"}`, res.status, res.requestId, res.create ? "UNKNOWN" : undefined);
}

/** Drops undefined and null members, so requests carry only what the caller gave. */
export function compact<T extends Record<string, unknown>>(obj: T): { [K in keyof T]?: NonNullable<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined || value === null) continue;
    // As Object.fromEntries would: an own "__proto__" member, never the prototype.
    if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out as { [K in keyof T]?: NonNullable<T[K]> };
}
