import { setTimeout as sleep } from "node:timers/promises";
import { errors as undiciErrors } from "undici";
import { ProviderError } from "../errors.js";

const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** The request never left this process: no connection was made, so nothing reached the provider. */
export const neverSent = (err: unknown) =>
  CONNECT_FAILURES.has((err as { code?: string })?.code ?? "") || err instanceof undiciErrors.ConnectTimeoutError;

export interface Attempted {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: { dump(): Promise<void> };
}

export interface RetryPolicy<R extends Attempted> {
  /** performance.now() after which nothing is sent: the provider's timeout is the budget of the whole call. */
  deadline: number;
  /** Safe to send twice once it reached the provider: a GET, or a create carrying an Idempotency-Key. */
  idempotent: boolean;
  /**
   * The provider stores its answer to the request's Idempotency-Key, 5xx included, and replays it
   * (24 h at one provider): after an answer, sending again only fetches the same answer, so a 5xx is final.
   * A connection broken before any answer is still worth a resend: it gets the stored answer.
   */
  answersReplayed?: boolean;
  retryAfterSeconds(res: R): number | undefined;
  onRetry?(reason: string, waitMs: number): void;
  maxAttempts?: number;
}

/** An attempt shorter than this is not worth starting: it would only time out. */
const MIN_ATTEMPT_MS = 100;

/**
 * Sends again only when it cannot create twice: after a refused connection (nothing was sent),
 * after a 429 whose Retry-After fits the remaining budget (the provider refused it), after a broken
 * connection when the request is idempotent, and after a 5xx when it is idempotent and the provider
 * does not replay its answers to the key. Everything else is answered as is.
 */
export async function withRetry<R extends Attempted>(attempt: (remainingMs: number) => Promise<R>, policy: RetryPolicy<R>): Promise<R> {
  const max = policy.maxAttempts ?? 3;
  for (let n = 1; ; n++) {
    const remaining = Math.max(1, Math.floor(policy.deadline - performance.now()));
    const backoff = 100 * 2 ** (n - 1) * (0.5 + Math.random() / 2);
    const fits = (waitMs: number) => n < max && waitMs + MIN_ATTEMPT_MS <= policy.deadline - performance.now();
    let res: R;
    try {
      res = await attempt(remaining);
    } catch (err) {
      // Our own answer (a retry refused by the rate budget or the circuit) is final, not a network failure.
      if (err instanceof ProviderError) throw err;
      const reason = neverSent(err) ? "connection refused" : policy.idempotent && !isTimeout(err) ? "connection broken" : undefined;
      if (!reason || !fits(backoff)) throw err;
      await wait(policy, reason, backoff);
      continue;
    }
    const after = res.statusCode === 429 ? policy.retryAfterSeconds(res) : undefined;
    const waitMs =
      after !== undefined
        ? Math.max(after * 1000, 50)
        : res.statusCode >= 500 && policy.idempotent && !policy.answersReplayed
          ? backoff
          : undefined;
    if (waitMs === undefined || !fits(waitMs)) return res;
    await res.body.dump();
    await wait(policy, `HTTP ${res.statusCode}`, waitMs);
  }
}

const isTimeout = (err: unknown) =>
  (err as Error)?.name === "TimeoutError" ||
  err instanceof undiciErrors.HeadersTimeoutError ||
  err instanceof undiciErrors.BodyTimeoutError;

async function wait<R extends Attempted>(policy: RetryPolicy<R>, reason: string, ms: number) {
  policy.onRetry?.(reason, Math.round(ms));
  await sleep(ms);
}
