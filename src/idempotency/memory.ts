import type { IdempotencyStore, StoredRecord } from "./types.js";

interface Entry {
  record: StoredRecord;
  expires: number;
  /** Resolved when the entry changes; waiters then look again. */
  changed: Promise<void>;
  wake: () => void;
}

/** The default store: one process, one Map. Entries expire lazily and in a sweep past 10 000 keys. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires <= Date.now()) {
      this.entries.delete(key);
      entry.wake();
      return undefined;
    }
    return entry;
  }

  private put(key: string, record: StoredRecord, ttlMs: number) {
    let wake = () => {};
    const changed = new Promise<void>((resolve) => (wake = resolve));
    this.entries.get(key)?.wake();
    this.entries.set(key, { record, expires: Date.now() + ttlMs, changed, wake });
  }

  async claim(key: string, hash: string, lockMs: number) {
    // Expired keys are swept at most once a minute: a scan on every claim would block a busy day's traffic.
    if (Date.now() >= this.nextSweep) {
      this.nextSweep = Date.now() + 60_000;
      for (const k of [...this.entries.keys()]) this.live(k);
    }
    const entry = this.live(key);
    if (entry) return { lead: false as const, record: entry.record };
    this.put(key, { hash, state: "pending" }, lockMs);
    return { lead: true as const };
  }

  async wait(key: string, ms: number) {
    const entry = this.live(key);
    if (!entry) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([entry.changed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  async finish(key: string, record: StoredRecord, ttlMs: number) {
    this.put(key, record, ttlMs);
  }

  async release(key: string) {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    entry?.wake();
  }

  async close() {
    for (const entry of this.entries.values()) entry.wake();
    this.entries.clear();
  }
}
