import { createHash } from "node:crypto";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** JSON with object keys sorted at every level: the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The input as the caller sent it; an explicit null and an absent field count as the same. */
export const inputHash = (input: unknown) => sha256(canonical(input));

/**
 * One scope per (provider, connection, key), as the contract says. The parts are encoded as a JSON
 * array, so no two distinct triples meet: an absent connection (null) is not the connection "-",
 * and a ":" inside a connection id cannot shift the boundary between parts.
 */
const scope = (provider: string, connectionId: string | undefined, key: string) => JSON.stringify([provider, connectionId ?? null, key]);

/** The provider stays readable (operators look keys up by provider); the rest is hashed to a fixed length. */
export const storeKey = (provider: string, connectionId: string | undefined, key: string) =>
  `idem:${provider}:${sha256(scope(provider, connectionId, key))}`;

/**
 * The Idempotency-Key sent to providers that honour one: derived from the caller's key, its scope and the
 * input, so a retry of the same request from any instance, even after a restart lost the local
 * store, gets the provider's replay, and a key reused with other data is never answered with the old contact.
 */
export function upstreamIdempotencyKey(provider: string, connectionId: string | undefined, key: string, hash: string): string {
  const h = sha256(JSON.stringify([scope(provider, connectionId, key), hash]));
  // Shaped like a UUID (version 5 layout), which is what such providers document.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
