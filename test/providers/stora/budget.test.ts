import { afterEach, describe, expect, it } from "vitest";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { createStoraSimulator } from "../../../src/providers/stora/simulator.js";
import { CreateContactDocument } from "../../gql/graphql.js";
import { startFakeUpstream, type FakeUpstream } from "../../helpers/fake-upstream.js";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";

const TOKEN = "stora-budget-token";
const running: { stop?(): Promise<void>; close?(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await (r.stop ?? r.close)!.call(r);
});

async function subgraph(env: Record<string, string>): Promise<TestSubgraph> {
  const started = await startSubgraph({ STORA_TOKEN: TOKEN, ...env });
  running.push(started);
  return started;
}

const create = (url: string, n: number) =>
  execute(url, CreateContactDocument, { provider: ContactProvider.STORA, input: { emails: [{ address: `budget${n}@example.com` }] } });

/** A create's answer, whichever way the error travels (payload with outcome, or on the field). */
function answer(res: Awaited<ReturnType<typeof create>>) {
  if (res.data?.createContact?.contact) return { created: true as const };
  const error = res.errors?.[0];
  return {
    created: false as const,
    code: error?.extensions?.code,
    retryAfterSeconds: error?.extensions?.retryAfterSeconds as number | undefined,
    outcome: error?.extensions?.outcome,
    payloadOutcome: res.data?.createContact?.outcome,
  };
}

describe("a provider's rate budget", () => {
  it("answers PROVIDER_RATE_LIMITED with retryAfterSeconds and NOT_CREATED once the budget is spent, and never lets the provider say 429", async () => {
    // The simulator enforces the same 3 per 10 s; the budget must stop us first. The margin covers the
    // latency of a loaded machine (a call sent near a window's end counts in the next one too).
    const sim = await startSimulator(createStoraSimulator(TOKEN, { rateLimits: [{ requests: 3, seconds: 10 }] }));
    running.push(sim);
    const { url } = await subgraph({
      STORA_BASE_URL: sim.url.href,
      STORA_RATE_LIMIT: "3/10s",
      RATE_LIMIT_MAX_WAIT_MS: "0",
      RATE_LIMIT_MARGIN_MS: "3000",
    });
    const started = performance.now();
    const answers = (await Promise.all(Array.from({ length: 8 }, (_, i) => create(url, i)))).map(answer);
    const elapsed = performance.now() - started;
    const created = answers.filter((a) => a.created).length;
    // 3 fit in the window, 6 when the burst straddles two windows; the rest are answered at once.
    expect(created).toBeGreaterThanOrEqual(3);
    expect(created).toBeLessThanOrEqual(6);
    expect(sim.stats.limited).toBe(0);
    expect(sim.stats.creates).toBe(created);
    for (const refused of answers.filter((a) => !a.created)) {
      expect(refused).toMatchObject({ code: "PROVIDER_RATE_LIMITED", outcome: "NOT_CREATED" });
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
      if (refused.payloadOutcome) expect(refused.payloadOutcome).toBe("NOT_CREATED");
    }
    expect(elapsed).toBeLessThan(2000);
  });

  it("waits for a slot that frees within the wait allowed instead of refusing", async () => {
    const sim = await startSimulator(createStoraSimulator(TOKEN, { rateLimits: [{ requests: 2, seconds: 1 }] }));
    running.push(sim);
    const { url } = await subgraph({
      STORA_BASE_URL: sim.url.href,
      STORA_RATE_LIMIT: "2/s",
      RATE_LIMIT_MAX_WAIT_MS: "3000",
      RATE_LIMIT_MARGIN_MS: "500",
    });
    const answers = (await Promise.all(Array.from({ length: 4 }, (_, i) => create(url, i)))).map(answer);
    expect(answers.every((a) => a.created)).toBe(true);
    expect(sim.stats.limited).toBe(0);
    // Two seconds on the simulator's clock at least: no window saw more than two.
    expect(new Set(sim.stats.served.map((t) => Math.floor(t / 1000))).size).toBeGreaterThanOrEqual(2);
  });

  it("learns from a 429 the provider sends anyway: the next call is answered here until Retry-After", async () => {
    let upstream: FakeUpstream | undefined;
    upstream = await startFakeUpstream(() => ({
      status: 429,
      headers: { "retry-after": "30" },
      body: { error: { code: "too_many_requests", type: "invalid_request_error", message: "slow down", details: [], links: [] } },
    }));
    running.push(upstream);
    const { url } = await subgraph({ STORA_BASE_URL: upstream.url, STORA_RATE_LIMIT: "100/s" });
    const first = answer(await create(url, 1));
    expect(first).toMatchObject({ code: "PROVIDER_RATE_LIMITED", retryAfterSeconds: 30 });
    expect(upstream.received).toHaveLength(1);
    const started = performance.now();
    const second = answer(await create(url, 2));
    expect(second).toMatchObject({ code: "PROVIDER_RATE_LIMITED", outcome: "NOT_CREATED" });
    expect(second.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(upstream.received).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each(["100000000000000000000000", "3000000"])(
    "bounds a Retry-After of %s s at 7 days, and keeps honouring it (a larger one overflowed the timer to 1 ms)",
    async (retryAfter) => {
      const upstream = await startFakeUpstream(() => ({
        status: 429,
        headers: { "retry-after": retryAfter },
        body: { error: { code: "too_many_requests", type: "invalid_request_error", message: "slow down", details: [], links: [] } },
      }));
      running.push(upstream);
      const { url } = await subgraph({ STORA_BASE_URL: upstream.url, STORA_RATE_LIMIT: "100/s" });
      const first = answer(await create(url, 1));
      const week = 7 * 86_400;
      expect(first).toMatchObject({ code: "PROVIDER_RATE_LIMITED", retryAfterSeconds: Math.min(Number(retryAfter), week) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = answer(await create(url, 2));
      expect(second).toMatchObject({ code: "PROVIDER_RATE_LIMITED", outcome: "NOT_CREATED" });
      expect(upstream.received).toHaveLength(1);
    },
  );
});
