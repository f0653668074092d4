import type { ProviderErrorCode, ProviderErrorExtensions } from "../errors.js";
import type { CreateContactPayload } from "../graphql/payload.js";

/** What a replay answers: the first final result. A failure that created nothing is never stored. */
export type StoredResult =
  | { kind: "payload"; payload: CreateContactPayload }
  /** The request reached a provider without idempotency and we cannot tell what it did (outcome UNKNOWN): replays say so instead of sending again. */
  | { kind: "error"; code: ProviderErrorCode; message: string; extensions: ProviderErrorExtensions };

export type StoredRecord =
  | { hash: string; state: "pending" }
  | { hash: string; state: "done"; result: StoredResult }
  /** The in-process store had to drop the result (its bounds): the contact may exist, so the key answers UNKNOWN. */
  | { hash: string; state: "evicted" }
  /**
   * A create failed at a provider that deduplicates resends: the same input leads again (the provider
   * replays what it stored), another input is refused, since the contact may exist under this key.
   */
  | { hash: string; state: "resendable" };

/**
 * Where idempotency keys live: in this process by default, in Redis when several instances must
 * agree (REDIS_URL). `claim` is atomic: exactly one caller leads a key until it finishes or releases.
 */
export interface IdempotencyStore {
  /**
   * `lead: true` when this caller now owns the key (pending until `lockMs`): it was free, or resendable
   * with this `hash`. Otherwise what is there.
   */
  claim(key: string, hash: string, lockMs: number): Promise<{ lead: true } | { lead: false; record: StoredRecord }>;
  /** Resolves when the key may have changed, or after `ms`. */
  wait(key: string, ms: number): Promise<void>;
  /** Stores the final result for `ttlMs` and wakes the waiters. */
  finish(key: string, record: StoredRecord, ttlMs: number): Promise<void>;
  /** Gives the key up (nothing was created): the next caller leads. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
