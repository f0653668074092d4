import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";
import type { IdempotencyStore, StoredRecord } from "./types.js";

// Takes the key when it is free, or resendable with this input (ARGV[3]), and answers what it then holds.
const CLAIM = `local current = redis.call("get", KEYS[1])
if current == false or current == ARGV[3] then
  redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2])
  return ARGV[1]
end
return current`;
// Deletes the key only while it still holds our own pending record: a lock that expired and was
// taken by another instance is not ours to remove.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Longer than any answer of a healthy Redis under load, short beside a provider's 10 s timeout. */
const COMMAND_TIMEOUT_MS = 1_000;
/** Waiters poll: a result is usually there within one upstream round trip. */
const POLL_MS = 25;
/** A write that failed is tried again after 200 ms, doubling up to 10 s, until it lands or the store closes. */
const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 10_000;
/** Writes retried at once, at most: past that a failed write is dropped, and its key stays pending (UNKNOWN) in Redis. */
const MAX_RETRYING = 10_000;

/**
 * The store shared by every instance (REDIS_URL). The claim holds the key pending for its whole 24 h:
 * only the final result (which replaces it) or an explicit release (nothing was sent) ends that,
 * so a lost write, a crashed instance or a slow create leaves the key answering UNKNOWN, never free
 * for a second create. A write that fails (Redis down or restarting) is retried until it lands,
 * and meanwhile this instance answers the key from memory. Records hold the input hash and our
 * payload, never a credential.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  /** Also the rate budgets' store (src/guard): one connection per server, closed here. */
  readonly redis: Redis;
  /** Our own pending records by key, to release only what we hold. */
  private readonly held = new Map<string, string>();
  /** Results not yet written to Redis: answered from here by this instance until they land. */
  private readonly unwritten = new Map<string, StoredRecord>();
  private closed = false;
  private readonly retrying = new Set<AbortController>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {
    // disconnectTimeout: closing while Redis is unreachable, ioredis waits that long for a socket that
    // already closed (its 2 s default held shutdown for 2 s). commandTimeout: a Redis that hangs with its
    // socket open (paused, swapping, a stuck failover) fails each command as one that refuses does,
    // instead of holding the create, its answer and the rate budgets for as long as it hangs.
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 2,
      connectTimeout: 2_000,
      commandTimeout: COMMAND_TIMEOUT_MS,
      disconnectTimeout: 100,
      enableAutoPipelining: true,
    });
    // Without a listener ioredis prints every reconnect attempt; a line without the URL is enough.
    this.redis.on("error", (err: Error & { code?: string }) =>
      logger?.warn({ code: err.code ?? err.name }, "idempotency store (Redis) unreachable"),
    );
  }

  async claim(key: string, hash: string, lockMs: number) {
    const local = this.unwritten.get(key);
    if (local && !(local.state === "resendable" && local.hash === hash)) return { lead: false as const, record: local };
    const pending = JSON.stringify({ hash, state: "pending", owner: randomUUID() });
    const resendable = JSON.stringify({ hash, state: "resendable" } satisfies StoredRecord);
    let raw: string;
    try {
      raw = (await this.redis.eval(CLAIM, 1, this.prefix + key, pending, lockMs, resendable)) as string;
    } catch (err) {
      // The claim may have landed with its answer lost: take back what may be ours, so the key does not stay pending for nothing.
      void this.persist(() => this.redis.eval(RELEASE, 1, this.prefix + key, pending).then(() => undefined), "release");
      throw err;
    }
    // Ours (ioredis resends a command whose answer a dropped connection lost: the second claim finds our own record).
    if (raw !== pending) return { lead: false as const, record: JSON.parse(raw) as StoredRecord };
    this.held.set(key, pending);
    return { lead: true as const };
  }

  async wait(_key: string, ms: number) {
    await sleep(Math.min(ms, POLL_MS));
  }

  async finish(key: string, record: StoredRecord, ttlMs: number) {
    this.held.delete(key);
    this.unwritten.set(key, record);
    await this.persist(async () => {
      await this.redis.set(this.prefix + key, JSON.stringify(record), "PX", ttlMs);
      this.unwritten.delete(key);
    }, "result");
  }

  async release(key: string) {
    const pending = this.held.get(key);
    this.held.delete(key);
    if (pending) await this.persist(() => this.redis.eval(RELEASE, 1, this.prefix + key, pending).then(() => undefined), "release");
  }

  /**
   * Tries a write once, then keeps trying in the background: the caller's answer does not wait for
   * Redis to come back, and until the write lands the key stays pending in Redis (UNKNOWN to every
   * other instance), never free.
   */
  private async persist(write: () => Promise<void>, what: "result" | "release") {
    try {
      return await write();
    } catch (err) {
      this.logger?.error({ err: { name: (err as Error).name }, what }, "idempotency store write failed; retrying until Redis answers");
    }
    if (this.closed || this.retrying.size >= MAX_RETRYING) return;
    const abort = new AbortController();
    this.retrying.add(abort);
    void (async () => {
      for (let delay = FIRST_RETRY_MS; !this.closed; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
        try {
          await sleep(delay, undefined, { signal: abort.signal });
          await write();
          this.logger?.info({ what }, "idempotency store write landed after a retry");
          return;
        } catch {
          // Redis is still away (or the store is closing): the key stays pending, which is safe.
        }
      }
    })().finally(() => this.retrying.delete(abort));
  }

  async close() {
    this.closed = true;
    for (const abort of this.retrying) abort.abort();
    // QUIT would wait in the offline queue of a Redis that never answered.
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
