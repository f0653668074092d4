import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { MemoryIdempotencyStore } from "./memory.js";
import { RedisIdempotencyStore } from "./redis.js";
import type { IdempotencyStore } from "./types.js";

// One store per server (its Config object): two servers in one process, as in the tests, stay as
// separate as two instances, and share only what they share in production: Redis.
const stores = new WeakMap<Config, IdempotencyStore>();

export function createIdempotencyStore(config: Config, logger?: Logger): IdempotencyStore {
  const store = config.redisUrl
    ? new RedisIdempotencyStore(config.redisUrl, config.redisKeyPrefix ?? "contacts-subgraph:", logger)
    : new MemoryIdempotencyStore();
  stores.set(config, store);
  return store;
}

/** The server's store; a context built without a server (unit tests) gets its own in-process one. */
export const idempotencyStore = (config: Config): IdempotencyStore => stores.get(config) ?? createIdempotencyStore(config);
