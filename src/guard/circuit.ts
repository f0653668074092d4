import { CircuitState, ConsecutiveBreaker, BrokenCircuitError, circuitBreaker, handleAll, type CircuitBreakerPolicy } from "cockatiel";

/** Thrown instead of calling a provider whose circuit is open. */
export class CircuitOpen extends Error {
  override name = "CircuitOpen";
  constructor(readonly retryAfterSeconds: number) {
    super("circuit open");
  }
}

export type CircuitStateName = "closed" | "open" | "half-open";
const names: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};

/** An answer that says the provider is down, not that it refused us: 5xx and 408. 429 and other 4xx never open a circuit. */
const outage = (result: unknown) => {
  const status = (result as { statusCode?: number })?.statusCode ?? 0;
  return status >= 500 || status === 408;
};

/**
 * One provider connection's circuit (cockatiel): after `failures` outages in a row (refused,
 * timeout, 5xx) it opens, calls are answered at once for `cooldownMs`, then one probe decides.
 * Every attempt counts, retries included.
 */
export class Circuit {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    private readonly cooldownMs: number,
    failures: number,
    onChange: (state: CircuitStateName, circuit: Circuit) => void,
  ) {
    // Any error thrown by the transport is a failure to reach the provider (refused, reset, timed out).
    this.policy = circuitBreaker(handleAll.orWhenResult(outage), { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(failures) });
    this.policy.onBreak(() => (this.openedAt = Date.now()));
    this.policy.onStateChange((state) => onChange(names[state], this));
  }

  get state(): CircuitStateName {
    return names[this.policy.state];
  }

  /** Seconds until a probe may go out. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.cooldownMs - Date.now()) / 1000));
  }

  /** Throws CircuitOpen while calls must not go out: open and cooling down, or a probe already in flight. */
  check(): void {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return;
    // While the one probe is out, everyone else is answered at once rather than queued behind it.
    if (state === CircuitState.HalfOpen) throw new CircuitOpen(1);
    if (Date.now() - this.openedAt < this.cooldownMs) throw new CircuitOpen(this.retryAfterSeconds);
  }

  /** One attempt through the circuit: the first one after the cool-down is the probe. */
  async run<T>(attempt: () => Promise<T>): Promise<T> {
    this.check();
    try {
      return await this.policy.execute(attempt);
    } catch (err) {
      if (err instanceof BrokenCircuitError) throw new CircuitOpen(this.retryAfterSeconds);
      throw err;
    }
  }
}
