import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";
import type { IdempotencyStore, StoredRecord } from "./types.js";

// Deletes the key only while it still holds our own pending record: a lock that expired and was
// taken by another instance is not ours to remove.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Waiters poll: a result is usually there within one upstream round trip. */
const POLL_MS = 25;

/**
 * The store shared by every instance (REDIS_URL): SET NX PX is the lock, the final result
 * replaces it with a 24 h TTL. Records hold the input hash and our payload, never a credential.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis;
  /** Our own pending records by key, to release only what we hold. */
  private readonly held = new Map<string, string>();

  constructor(url: string, private readonly prefix: string, logger?: Logger) {
    // disconnectTimeout: closing while Redis is unreachable, ioredis waits that long for a socket that
    // already closed (its 2 s default held shutdown for 2 s).
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2_000, disconnectTimeout: 100, enableAutoPipelining: true });
    // Without a listener ioredis prints every reconnect attempt; a line without the URL is enough.
    this.redis.on("error", (err: Error & { code?: string }) => logger?.warn({ code: err.code ?? err.name }, "idempotency store (Redis) unreachable"));
  }

  async claim(key: string, hash: string, lockMs: number) {
    const pending = JSON.stringify({ hash, state: "pending", owner: randomUUID() });
    for (;;) {
      if ((await this.redis.set(this.prefix + key, pending, "PX", lockMs, "NX")) === "OK") {
        this.held.set(key, pending);
        return { lead: true as const };
      }
      const raw = await this.redis.get(this.prefix + key);
      // Expired between the two calls: try to take it again.
      if (raw !== null) return { lead: false as const, record: JSON.parse(raw) as StoredRecord };
    }
  }

  async wait(_key: string, ms: number) {
    await sleep(Math.min(ms, POLL_MS));
  }

  async finish(key: string, record: StoredRecord, ttlMs: number) {
    this.held.delete(key);
    await this.redis.set(this.prefix + key, JSON.stringify(record), "PX", ttlMs);
  }

  async release(key: string) {
    const pending = this.held.get(key);
    this.held.delete(key);
    if (pending) await this.redis.eval(RELEASE, 1, this.prefix + key, pending);
  }

  async close() {
    // QUIT would wait in the offline queue of a Redis that never answered.
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
