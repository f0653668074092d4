import type { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RateWindow } from "../providers/types.js";

/** Thrown when the budget has no slot within the wait allowed. */
export class BudgetSpent extends Error {
  override name = "BudgetSpent";
  constructor(readonly retryAfterSeconds: number) {
    super("rate budget spent");
  }
}

export interface BudgetStore {
  /** Shared by every replica when set; otherwise this process counts alone. */
  redis?: Redis;
  keyPrefix: string;
  /**
   * How late a call may reach the provider, which counts arrivals: a call is counted in every window
   * it may land in, so latency never turns a full budget into an upstream 429.
   */
  marginMs: number;
}

function limiter(store: BudgetStore, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!store.redis) return memory;
  // A Redis that does not answer must not stop every call: each replica then counts alone until it is back.
  return new RateLimiterRedis({
    storeClient: store.redis,
    keyPrefix: store.keyPrefix + keyPrefix,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/**
 * One provider's documented budgets (rate-limiter-flexible), counted per scope key. Windows are
 * aligned to the clock, as a provider's own counters are (a RateLimit-Reset in epoch seconds says so),
 * so every replica and the provider agree on which window a call falls in.
 */
export class RateBudget {
  private readonly windows: { ms: number; marginMs: number; limiter: RateLimiterAbstract }[];
  /** What a 429 taught us: the scope is blocked until the provider's Retry-After. */
  private readonly learned: RateLimiterAbstract;

  constructor(provider: string, rate: readonly RateWindow[], store: BudgetStore) {
    // A key lives a window and a margin: a call counted early (marginMs) must not expire before its window ends.
    this.windows = [...rate]
      .sort((a, b) => a.seconds - b.seconds)
      .map((w) => ({
        ms: w.seconds * 1000,
        marginMs: store.marginMs,
        limiter: limiter(store, `budget:${provider}:${w.seconds}s:`, w.requests, w.seconds + Math.ceil(store.marginMs / 1000) + 1),
      }));
    this.learned = limiter(store, `budget:${provider}:retry-after:`, 1, 1);
  }

  /** Takes one slot, waiting up to `maxWaitMs` for one to free; else BudgetSpent with the seconds until one does. True when it waited. */
  async take(scope: string, maxWaitMs: number): Promise<boolean> {
    const until = Date.now() + maxWaitMs;
    for (let waited = false; ; waited = true) {
      const waitMs = await this.tryTake(scope);
      if (waitMs === 0) return waited;
      if (Date.now() + waitMs > until) throw new BudgetSpent(Math.max(1, Math.ceil(waitMs / 1000)));
      await sleep(waitMs);
    }
  }

  /** The provider answered 429 all the same (another client of the account): nobody in this scope calls for `seconds`. */
  async learn(scope: string, seconds: number): Promise<void> {
    if (seconds > 0) await this.learned.block(scope, seconds).catch(() => undefined);
  }

  /**
   * 0 when a slot was taken in every window; else the milliseconds until the full window turns over.
   * Windows are asked one after the other, tightest first, and a refused attempt gives back all it
   * counted: concurrent callers then never see a window fuller than it is for long.
   */
  private async tryTake(scope: string): Promise<number> {
    const now = Date.now();
    const blocked = await this.learned.get(scope);
    if (blocked && blocked.consumedPoints > 1) return Math.max(1, blocked.msBeforeNext);
    const taken: { limiter: RateLimiterAbstract; key: string }[] = [];
    for (const { ms, marginMs, limiter } of this.windows) {
      const index = Math.floor(now / ms);
      // The provider may count this call in any window that starts before it arrives: up to marginMs from now.
      const keys: { key: string; endsAt: number }[] = [];
      for (let i = index; i <= Math.floor((now + marginMs) / ms); i++) keys.push({ key: `${scope}:${i}`, endsAt: (i + 1) * ms });
      for (const { key, endsAt } of keys) {
        taken.push({ limiter, key });
        const ok = await limiter.consume(key).then(
          () => true,
          (rejection: unknown) => {
            // An Error is a store failure with no insurance left: counted as spent rather than calling blind.
            if (rejection instanceof RateLimiterRes || rejection instanceof Error) return false;
            throw rejection;
          },
        );
        if (ok) continue;
        await Promise.all(taken.map((t) => t.limiter.reward(t.key).catch(() => undefined)));
        return Math.max(1, endsAt - now);
      }
    }
    return 0;
  }
}
