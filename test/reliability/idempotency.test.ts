import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../src/providers/index.js";
import type { Simulator } from "../../src/providers/types.js";
import type { RunningSimulator } from "../../src/sandbox/http.js";
import { startFakeUpstream } from "../helpers/fake-upstream.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { freshInput } from "../helpers/unique.js";
import { create, createsOf, providerEnv, simulatedProviders, VALID_INPUT } from "./support.js";

// A real Redis (127.0.0.1:6379, started on every machine of this project); keys under a prefix of this run only.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `contacts-subgraph-test:${randomUUID()}:`;
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe.each(simulatedProviders())("%s: two instances sharing Redis", (provider) => {
  let sim: Simulator & RunningSimulator;
  let proxy: FaultProxy;
  let a: TestSubgraph;
  let b: TestSubgraph;

  beforeAll(async () => {
    sim = await startSimulator(providers[provider].simulator!());
    // Latency makes the concurrent requests overlap for real, not one after another.
    proxy = await startFaultProxy(sim.url, { latencyMs: 150 });
    const env = { ...providerEnv(provider, sim, proxy.url, 2_000), REDIS_URL, REDIS_KEY_PREFIX: PREFIX };
    [a, b] = await Promise.all([startSubgraph(env), startSubgraph(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await proxy?.close();
    await sim?.close();
  });

  it("after a failure that may have created, refuses another input under the key on either instance", async () => {
    const key = `failed-${randomUUID()}`;
    const before = createsOf(sim);
    proxy.fail("500");
    const first = await create(a.url, provider, { key });
    expect(first.data?.createContact?.outcome).toBe("UNKNOWN");
    expect(createsOf(sim) - before).toBe(1);
    for (const instance of [b, a]) {
      const other = await create(instance.url, provider, { key, input: freshInput(VALID_INPUT) });
      expect(other.data?.createContact, other.text).toMatchObject({
        outcome: "NOT_CREATED",
        userErrors: [{ field: ["idempotencyKey"], code: "IDEMPOTENCY_KEY_REUSED" }],
      });
    }
    // The same input: the provider's replay where it deduplicates resends, else our UNKNOWN. Never a second contact.
    const again = await create(b.url, provider, { key });
    expect(["CREATED", "UNKNOWN"]).toContain(again.data?.createContact?.outcome);
    expect(createsOf(sim) - before).toBe(1);
  });

  it("serves concurrent requests with one key from a single upstream create", async () => {
    const key = `concurrent-${randomUUID()}`;
    const before = { sent: proxy.stats.forwardedCreates, created: createsOf(sim) };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? a.url : b.url, provider, { key })));
    expect(proxy.stats.forwardedCreates - before.sent).toBe(1);
    expect(createsOf(sim) - before.created).toBe(1);
    const ids = new Set(answers.map((r) => r.data?.createContact?.contact?.id));
    expect([...ids]).toHaveLength(1);
    expect([...ids][0]).toEqual(expect.any(String));
    for (const r of answers) expect(r.data!.createContact!.outcome).toBe("CREATED");
  });

  it("replays the first result from the other instance and keeps it 24 h", async () => {
    const key = `replay-${randomUUID()}`;
    const first = await create(a.url, provider, { key });
    const sent = proxy.stats.forwardedCreates;
    const second = await create(b.url, provider, { key });
    expect(proxy.stats.forwardedCreates).toBe(sent);
    expect(second.data).toEqual(first.data);
    const [stored] = await redis.keys(`${PREFIX}idem:${provider}:*`).then((keys) => Promise.all(keys.map((k) => redis.pttl(k))));
    expect(stored).toBeGreaterThan(23.9 * 3600_000);
  });

  it("answers IDEMPOTENCY_KEY_REUSED for the same key with another input, on either instance", async () => {
    const key = `reused-${randomUUID()}`;
    await create(a.url, provider, { key });
    const sent = proxy.stats.forwardedCreates;
    const other = await create(b.url, provider, { key, input: { ...VALID_INPUT, firstName: "Grace" } });
    expect(other.errors).toBeUndefined();
    expect(other.data!.createContact).toMatchObject({ outcome: "NOT_CREATED", contact: null });
    expect(other.data!.createContact!.userErrors).toEqual([
      expect.objectContaining({ field: ["idempotencyKey"], code: "IDEMPOTENCY_KEY_REUSED" }),
    ]);
    expect(proxy.stats.forwardedCreates).toBe(sent);
  });
});

describe("idempotency without Redis", () => {
  it("serves concurrent requests with one key from a single create in one instance", async () => {
    const provider = simulatedProviders().find((p) => p !== "STORA") ?? "STORA";
    const sim = await startSimulator(providers[provider].simulator!());
    const proxy = await startFaultProxy(sim.url, { latencyMs: 100 });
    const subgraph = await startSubgraph(providerEnv(provider, sim, proxy.url, 2_000));
    try {
      const key = `memory-${randomUUID()}`;
      const answers = await Promise.all(Array.from({ length: 6 }, () => create(subgraph.url, provider, { key })));
      expect(proxy.stats.forwardedCreates).toBe(1);
      expect(new Set(answers.map((r) => r.data?.createContact?.contact?.providerId)).size).toBe(1);
    } finally {
      await subgraph.stop();
      await proxy.close();
      await sim.close();
    }
  });

  it('keeps scopes apart: connection "-" and no connection never share a key', async () => {
    const sim = await startSimulator(providers.MASIVO.simulator!());
    const env = providerEnv("MASIVO", sim, sim.url, 2_000);
    delete env.MASIVO_ACCOUNT_ID;
    const subgraph = await startSubgraph(env);
    try {
      const key = `scope-${randomUUID()}`;
      const dash = await create(subgraph.url, "MASIVO", { key, connectionId: "-" });
      const none = await create(subgraph.url, "MASIVO", { key });
      expect(dash.data!.createContact).toMatchObject({ outcome: "CREATED" });
      expect(none.data!.createContact).toMatchObject({ outcome: "CREATED" });
      expect(createsOf(sim)).toBe(2);
      expect(none.data!.createContact!.contact!.id).not.toBe(dash.data!.createContact!.contact!.id);
    } finally {
      await subgraph.stop();
      await sim.close();
    }
  });

  it("never evicts a create in flight: with room for one result, a key still running is waited for, not sent again", async () => {
    const provider = simulatedProviders().find((p) => p !== "STORA") ?? "STORA";
    const sim = await startSimulator(providers[provider].simulator!());
    const proxy = await startFaultProxy(sim.url, { latencyMs: 300 });
    const subgraph = await startSubgraph({ ...providerEnv(provider, sim, proxy.url, 2_000), IDEMPOTENCY_MEMORY_MAX_KEYS: "1" });
    try {
      const key = (name: string) => `inflight-${name}-${randomUUID()}`;
      const running = key("a");
      const first = create(subgraph.url, provider, { key: running });
      await new Promise((r) => setTimeout(r, 50));
      // Two other keys finish meanwhile and take the store's only place in turn.
      const others = [
        create(subgraph.url, provider, { key: key("b"), input: { ...VALID_INPUT, firstName: "Grace" } }),
        create(subgraph.url, provider, { key: key("c"), input: { ...VALID_INPUT, firstName: "Alan" } }),
      ];
      await new Promise((r) => setTimeout(r, 100));
      const second = create(subgraph.url, provider, { key: running });
      const [a1, a2] = await Promise.all([first, second, ...others]);
      expect(proxy.stats.forwardedCreates).toBe(3);
      expect(a2.data?.createContact?.contact?.id).toBe(a1.data?.createContact?.contact?.id);
    } finally {
      await subgraph.stop();
      await proxy.close();
      await sim.close();
    }
  });

  it("replays a provider's rejection (a user error) without sending again", async () => {
    const upstream = await startFakeUpstream(() => ({
      status: 422,
      body: {
        error: {
          code: "invalid_content",
          type: "invalid_request_error",
          message: "Invalid.",
          request_id: "req_1",
          details: [{ pointer: "/email", message: "is taken" }],
          links: [],
        },
      },
    }));
    const subgraph = await startSubgraph({ STORA_BASE_URL: upstream.url, STORA_TOKEN: "t0ken-7c1e" });
    try {
      const key = `rejected-${randomUUID()}`;
      const first = await create(subgraph.url, "STORA", { key });
      const again = await create(subgraph.url, "STORA", { key });
      expect(first.data!.createContact).toMatchObject({
        outcome: "NOT_CREATED",
        userErrors: [{ field: ["input", "emails", "0", "address"], code: "REJECTED_BY_PROVIDER" }],
      });
      expect(again.data).toEqual(first.data);
      expect(upstream.received).toHaveLength(1);
      // The key Stora sees is derived from ours (scope + input), not ours as given.
      expect(upstream.received[0].headers["idempotency-key"]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    } finally {
      await subgraph.stop();
      await upstream.close();
    }
  });

  it("sends nothing when the Redis store cannot be reached", async () => {
    const upstream = await startFakeUpstream(() => ({ status: 500 }));
    const subgraph = await startSubgraph({ STORA_BASE_URL: upstream.url, STORA_TOKEN: "t0ken-7c1e", REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const res = await create(subgraph.url, "STORA", { key: `down-${randomUUID()}` });
      expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", provider: "Stora" });
      expect(res.errors?.[0].message).toContain("idempotency store");
      expect(upstream.received).toHaveLength(0);
    } finally {
      await subgraph.stop();
      await upstream.close();
    }
  });
});
