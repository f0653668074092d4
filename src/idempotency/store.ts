import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { MemoryIdempotencyStore } from "./memory.js";
import { RedisIdempotencyStore } from "./redis.js";
import type { IdempotencyStore } from "./types.js";

/**
 * The server's store, made once by createServer and handed to every request's context: in this
 * process by default, in Redis (shared by every instance) with REDIS_URL.
 */
export function createIdempotencyStore(config: Config, logger?: Logger): IdempotencyStore {
  return config.redisUrl
    ? new RedisIdempotencyStore(config.redisUrl, config.redisKeyPrefix ?? "contacts-subgraph:", logger)
    : new MemoryIdempotencyStore(config.idempotencyMemory);
}
