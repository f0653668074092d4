import { LRUCache } from "lru-cache";
import type { IdempotencyStore, StoredRecord } from "./types.js";

/** What the in-process store may hold (IDEMPOTENCY_MEMORY_MAX_KEYS, IDEMPOTENCY_MEMORY_MAX_MB). */
export interface MemoryStoreBounds {
  maxKeys: number;
  maxBytes: number;
}

export const DEFAULT_MEMORY_BOUNDS: MemoryStoreBounds = { maxKeys: 10_000, maxBytes: 64 * 1024 * 1024 };

interface Pending {
  hash: string;
  expires: number;
  /** Resolved when the key is finished or released; waiters then look again. */
  changed: Promise<void>;
  wake: () => void;
}

/**
 * The default store: one process. Results live in an LRU bounded by keys and by bytes (the JSON
 * size of each record), each for its 24 h. Creates in flight live apart, in a map the LRU cannot
 * evict: a key is never free while its create runs. When a result that may stand for a contact
 * (CREATED, UNKNOWN) is evicted, or is too large to keep, its key is remembered without it
 * (its input hash, about 200 bytes, in an LRU of as many keys): the key then answers UNKNOWN
 * rather than create again. Only when that marker is evicted too is the key forgotten.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly pending = new Map<string, Pending>();
  private readonly results: LRUCache<string, { record: DoneRecord; expires: number }>;
  private readonly forgotten: LRUCache<string, string>;

  constructor(bounds: MemoryStoreBounds = DEFAULT_MEMORY_BOUNDS) {
    this.forgotten = new LRUCache({ max: bounds.maxKeys, ttl: 24 * 3600_000 });
    this.results = new LRUCache({
      max: bounds.maxKeys,
      maxSize: bounds.maxBytes,
      sizeCalculation: ({ record }, key) => key.length + Buffer.byteLength(JSON.stringify(record)),
      dispose: ({ record, expires }, key, reason) => {
        if (reason === "evict" && mayHaveCreated(record)) this.remember(key, record.hash, expires - Date.now());
      },
    });
  }

  private remember(key: string, hash: string, ttlMs: number) {
    if (ttlMs > 0) this.forgotten.set(key, hash, { ttl: ttlMs });
  }

  private inFlight(key: string): Pending | undefined {
    const entry = this.pending.get(key);
    if (entry && entry.expires <= Date.now()) {
      this.pending.delete(key);
      entry.wake();
      return undefined;
    }
    return entry;
  }

  private settle(key: string) {
    const entry = this.pending.get(key);
    this.pending.delete(key);
    entry?.wake();
  }

  async claim(key: string, hash: string, lockMs: number) {
    const running = this.inFlight(key);
    if (running) return { lead: false as const, record: { hash: running.hash, state: "pending" as const } };
    const done = this.results.get(key);
    if (done) {
      if (done.record.state !== "resendable" || done.record.hash !== hash) return { lead: false as const, record: done.record };
      this.results.delete(key); // resent with the same input: this caller leads
    }
    const evicted = this.forgotten.get(key);
    if (evicted !== undefined) return { lead: false as const, record: { hash: evicted, state: "evicted" as const } };
    let wake = () => {};
    const changed = new Promise<void>((resolve) => (wake = resolve));
    this.pending.set(key, { hash, expires: Date.now() + lockMs, changed, wake });
    return { lead: true as const };
  }

  async wait(key: string, ms: number) {
    const entry = this.inFlight(key);
    if (!entry) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([entry.changed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  async finish(key: string, record: StoredRecord, ttlMs: number) {
    if (record.state === "done" || record.state === "resendable") {
      this.results.set(key, { record, expires: Date.now() + ttlMs }, { ttl: ttlMs });
      // Larger than the whole bound: not kept, but the key must not become free.
      if (!this.results.has(key) && mayHaveCreated(record)) this.remember(key, record.hash, ttlMs);
    }
    this.settle(key);
  }

  async release(key: string) {
    this.settle(key);
  }

  async close() {
    for (const entry of this.pending.values()) entry.wake();
    this.pending.clear();
    this.results.clear();
    this.forgotten.clear();
  }
}

type DoneRecord = Extract<StoredRecord, { state: "done" | "resendable" }>;

/** A result that may stand for a contact at the provider; a rejection (NOT_CREATED) may be sent again. */
const mayHaveCreated = (record: DoneRecord) =>
  record.state === "resendable" || record.result.kind === "error" || record.result.payload.outcome !== "NOT_CREATED";
