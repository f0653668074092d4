import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from "cockatiel";
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import type { ContactProvider } from "../graphql/enums.js";
import type { Logger } from "../logger.js";
import { providers } from "../providers/index.js";
import type { ProviderConfig } from "../providers/types.js";
import { BudgetSpent, RateBudget } from "./budget.js";
import { Circuit, CircuitOpen, type CircuitStateName } from "./circuit.js";
import { guardMetrics } from "./metrics.js";

export { BudgetSpent, CircuitOpen };

/** Why a call was answered without reaching the provider, and when to try again. */
export type Refusal = BudgetSpent | CircuitOpen | BulkheadRejectedError;

/** Reads waiting for a slot of a provider's bulkhead, beyond which a read is refused at once. */
const READ_QUEUE = 1000;

/** What an upstream call asks before and around each attempt (src/providers/http.ts). */
export interface ProviderGuard {
  /** Before a call goes out: throws CircuitOpen, or BudgetSpent when no slot frees within `maxWaitMs` (also capped by the setting). */
  admit(connectionId: string | undefined, maxWaitMs: number): Promise<void>;
  /** One attempt through the connection's circuit. */
  run<T>(connectionId: string | undefined, attempt: () => Promise<T>): Promise<T>;
  /** The provider answered 429 anyway: the scope's budget waits `seconds`, on every replica. */
  learn(connectionId: string | undefined, seconds: number): Promise<void>;
}

/**
 * Budgets, circuits and bulkheads of one server, shared by all its requests. Budgets live in Redis
 * with REDIS_URL (every replica draws from one), else in this process; circuits and bulkheads are
 * always this process's own.
 */
export class Guards {
  private readonly redis?: Redis;
  private readonly budgets = new Map<ContactProvider, RateBudget>();
  /** Per provider and connection; connection ids come from callers, so the map is bounded (an evicted circuit starts closed). */
  private readonly circuits = new LRUCache<string, Circuit>({ max: 10_000 });
  private readonly bulkheads = new Map<ContactProvider, BulkheadPolicy>();
  private readonly guards = new WeakMap<ProviderConfig, ProviderGuard>();

  /** `redis`: the server's connection to the shared store (the idempotency store's), closed by its owner. */
  constructor(
    private readonly config: Config,
    private readonly logger?: Logger,
    redis?: Redis,
  ) {
    // Only a configured provider with a budget needs the shared store.
    const paced = Object.entries(config.guard.providers).some(([id, p]) => p.rate.length > 0 && config.providers[id as ContactProvider]);
    if (paced) this.redis = redis;
  }

  /**
   * Resolves once the shared budget store answers (or after `ms`): a replica that took calls before
   * would count them alone, in its fallback, and together the replicas would overshoot.
   */
  async ready(ms = 3_000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === "ready") return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      redis.once("ready", done);
    });
  }

  /** The guard of a provider's calls; nothing to ask when it has no budget (the circuit still applies). */
  forProvider(provider: ContactProvider, providerConfig: ProviderConfig): ProviderGuard {
    let guard = this.guards.get(providerConfig);
    if (!guard) {
      guard = this.build(provider, providerConfig);
      this.guards.set(providerConfig, guard);
    }
    return guard;
  }

  /** The process-wide bound on a provider's reads in flight, across all requests. */
  async read<T>(provider: ContactProvider, task: () => Promise<T>): Promise<T> {
    let policy = this.bulkheads.get(provider);
    if (!policy) {
      policy = bulkhead(this.config.guard.providers[provider].readConcurrency, READ_QUEUE);
      this.bulkheads.set(provider, policy);
    }
    try {
      return await policy.execute(task);
    } catch (err) {
      if (err instanceof BulkheadRejectedError) guardMetrics.refused.inc({ provider: providers[provider].label, reason: "bulkhead" });
      throw err;
    }
  }

  /** Providers with a circuit open or probing, for /health. */
  openCircuits(): ContactProvider[] {
    const open = new Set<ContactProvider>();
    for (const [key, circuit] of this.circuits.entries()) if (circuit.state !== "closed") open.add(key.split("|")[0] as ContactProvider);
    return [...open];
  }

  private build(provider: ContactProvider, providerConfig: ProviderConfig): ProviderGuard {
    const definition = providers[provider];
    const label = definition.label;
    const { rate } = this.config.guard.providers[provider];
    let budget = this.budgets.get(provider);
    if (!budget && rate.length) {
      budget = new RateBudget(provider, rate, {
        redis: this.redis,
        keyPrefix: this.config.redisKeyPrefix ?? "contacts-subgraph:",
        marginMs: this.config.guard.marginMs,
      });
      this.budgets.set(provider, budget);
    }
    // The provider counts per API key (or per connection): a hash, so no credential is ever a Redis key.
    const credentials = createHash("sha256").update(JSON.stringify(providerConfig.credentials)).digest("base64url").slice(0, 16);
    const scope = (connectionId: string | undefined) =>
      definition.limits.scope === "connection" && connectionId
        ? `${credentials}:${createHash("sha256").update(connectionId).digest("base64url").slice(0, 16)}`
        : credentials;
    const circuit = (connectionId: string | undefined) => this.circuit(provider, connectionId);
    const maxWait = this.config.guard.maxWaitMs;
    return {
      admit: async (connectionId, maxWaitMs) => {
        try {
          circuit(connectionId).check();
          if (!budget) return;
          if (await budget.take(scope(connectionId), Math.max(0, Math.min(maxWait, maxWaitMs))))
            guardMetrics.waited.inc({ provider: label });
        } catch (err) {
          if (err instanceof BudgetSpent || err instanceof CircuitOpen)
            guardMetrics.refused.inc({ provider: label, reason: err instanceof BudgetSpent ? "budget" : "circuit" });
          throw err;
        }
      },
      run: (connectionId, attempt) => circuit(connectionId).run(attempt),
      learn: async (connectionId, seconds) => budget?.learn(scope(connectionId), seconds),
    };
  }

  private circuit(provider: ContactProvider, connectionId: string | undefined): Circuit {
    const key = `${provider}|${connectionId ?? ""}`;
    let circuit = this.circuits.get(key);
    if (!circuit) {
      const label = providers[provider].label;
      let down = false;
      circuit = new Circuit(this.config.guard.circuitCooldownMs, this.config.guard.circuitFailures, (state: CircuitStateName, changed) => {
        guardMetrics.circuitChanges.inc({ provider: label, state });
        const isDown = state !== "closed";
        if (down !== isDown) guardMetrics.circuitsOpen.inc({ provider: label }, isDown ? 1 : -1);
        down = isDown;
        const fields = {
          provider: label,
          connectionId,
          state,
          ...(state === "open" ? { retryAfterSeconds: changed.retryAfterSeconds } : {}),
        };
        if (state === "closed") this.logger?.info(fields, `circuit closed: ${label} answers again`);
        else
          this.logger?.warn(
            fields,
            state === "open"
              ? `circuit open: ${label} is not called until the cool-down ends`
              : `circuit half-open: one probe call to ${label}`,
          );
      });
      this.circuits.set(key, circuit);
    }
    return circuit;
  }
}
