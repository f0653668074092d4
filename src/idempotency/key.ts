import { createHash } from "node:crypto";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** JSON with object keys sorted at every level: the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The input as the caller sent it; an explicit null and an absent field count as the same. */
export const inputHash = (input: unknown) => sha256(canonical(input));

/** Keys are scoped per provider and connection, as the contract says. */
export const storeKey = (provider: string, connectionId: string | undefined, key: string) =>
  `idem:${provider}:${connectionId ?? "-"}:${sha256(key)}`;

/**
 * The Idempotency-Key sent to providers that honour one: derived from the caller's key, its scope and the
 * input, so a retry of the same request from any instance, even after a restart lost the local
 * store, gets the provider's replay, and a key reused with other data is never answered with the old contact.
 */
export function upstreamIdempotencyKey(provider: string, connectionId: string | undefined, key: string, hash: string): string {
  const h = sha256(`${provider}\u0000${connectionId ?? ""}\u0000${key}\u0000${hash}`);
  // Shaped like a UUID (version 5 layout), which is what such providers document.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
