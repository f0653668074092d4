import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../src/providers/index.js";
import type { Simulator } from "../../src/providers/types.js";
import type { RunningSimulator } from "../../src/sandbox/http.js";
import { CANARY, startFaultProxy, type Fault, type FaultProxy } from "../helpers/fault-proxy.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { create, createsOf, post, providerEnv, simulatedProviders, VALID_INPUT, type CreateResult } from "./support.js";

type Expected =
  | { outcome: "CREATED" }
  | { outcome: "UNKNOWN"; code: "PROVIDER_UNAVAILABLE" | "PROVIDER_BAD_RESPONSE" }
  | { outcome: null; code: string; upstreamStatus?: number };

/** What each fault must answer. Only Stora honours Idempotency-Key, so only Stora may resend a create that reached it. */
function expected(fault: Fault, idempotent: boolean): Expected {
  switch (fault) {
    case "429": return { outcome: null, code: "PROVIDER_RATE_LIMITED", upstreamStatus: 429 };
    // A 2xx we cannot read: the contact probably exists, but which one is unknown.
    case "malformed": case "wrong-shape": case "oversized": return idempotent ? { outcome: null, code: "PROVIDER_BAD_RESPONSE" } : { outcome: "UNKNOWN", code: "PROVIDER_BAD_RESPONSE" };
    case "500": case "502": return idempotent ? { outcome: "CREATED" } : { outcome: "UNKNOWN", code: "PROVIDER_UNAVAILABLE" };
    case "reset": case "slow": return idempotent ? { outcome: null, code: "PROVIDER_UNAVAILABLE" } : { outcome: "UNKNOWN", code: "PROVIDER_UNAVAILABLE" };
  }
}

const FAULTS: Fault[] = ["reset", "slow", "500", "502", "429", "malformed", "wrong-shape", "oversized"];
let run = 0;
const newKey = () => `fault-${Date.now()}-${run++}`;

function expectAnswer(res: CreateResult, want: Expected) {
  const payload = res.data?.createContact ?? null;
  if (want.outcome === "CREATED") {
    expect(res.errors).toBeUndefined();
    expect(payload).toMatchObject({ outcome: "CREATED", userErrors: [] });
    return;
  }
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error.extensions).toMatchObject({ code: want.code });
  if (want.outcome === "UNKNOWN") {
    // The payload survives with the outcome; the error sits on `contact`.
    expect(payload).toMatchObject({ outcome: "UNKNOWN", contact: null, userErrors: [] });
    expect(error.path).toEqual(["createContact", "contact"]);
    expect(error.extensions?.outcome).toBe("UNKNOWN");
  } else {
    expect(payload).toBeNull();
    expect(error.extensions?.outcome).toBeUndefined();
    if (want.upstreamStatus) expect(error.extensions?.upstreamStatus).toBe(want.upstreamStatus);
  }
  if (want.code === "PROVIDER_RATE_LIMITED") expect(error.extensions?.retryAfterSeconds).toBe(30);
}

// Port 1 (tcpmux) never listens here: a connection to it is refused at once, and no other test can take it.
const DEAD_PORT = 1;

describe.each(simulatedProviders())("%s behind a faulty network", (provider) => {
  const def = providers[provider];
  const idempotent = provider === "STORA";
  let sim: Simulator & RunningSimulator;
  let proxy: FaultProxy;
  let subgraph: TestSubgraph;
  const outputs: string[] = [];
  const secrets = () => Object.values(sim.credentials);

  beforeAll(async () => {
    sim = await startSimulator(def.simulator!());
    proxy = await startFaultProxy(sim.url, { slowMs: 900, retryAfter: "30" });
    // One call at a time, each fault on its own: budgets and circuits have their own suites (budget, circuit, replicas).
    subgraph = await startSubgraph({ ...providerEnv(provider, sim, proxy.url, 400), [`${def.env.prefix}_RATE_LIMIT`]: "none", CIRCUIT_FAILURES: "1000" });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await proxy?.close();
    await sim?.close();
  });

  it.each(FAULTS)("answers %s with the right error, never creates twice, even when the caller retries with the same key", async (fault) => {
    const key = newKey();
    const before = createsOf(sim);
    proxy.fail(fault);
    const first = await create(subgraph.url, provider, { key });
    outputs.push(first.text);
    expectAnswer(first, expected(fault, idempotent));
    expect(createsOf(sim) - before).toBe(fault === "429" ? 0 : 1);

    // The caller retries with the same key: a contact that may exist is never created again.
    const again = await create(subgraph.url, provider, { key });
    outputs.push(again.text);
    expect(createsOf(sim) - before).toBe(1);
    // Nothing was created (429), or the provider is idempotent (Stora): the key is freed, the retry carries
    // the same Idempotency-Key and Stora replays its first answer. Otherwise our first answer is replayed.
    const released = fault === "429" || idempotent;
    expectAnswer(again, released ? { outcome: "CREATED" } : expected(fault, idempotent));
    if (!released && first.errors) expect(again.errors?.[0].message).toMatch(/^Replayed from the first request with this idempotency key/);
    if (first.data?.createContact?.contact) expect(again.data?.createContact?.contact).toEqual(first.data.createContact.contact);
  });

  it("retries a refused connection (nothing was sent) and creates once", async () => {
    const before = createsOf(sim);
    await proxy.refuse(40);
    const res = await create(subgraph.url, provider, { key: newKey() });
    outputs.push(res.text);
    expectAnswer(res, { outcome: "CREATED" });
    expect(createsOf(sim) - before).toBe(1);
    expect(subgraph.logs.some((l) => l.includes('"upstream retry"') && l.includes("connection refused"))).toBe(true);
  });

  it("retries a 429 whose Retry-After fits the budget", async () => {
    const fast = await startFaultProxy(sim.url, { retryAfter: "0" });
    const other = await startSubgraph(providerEnv(provider, sim, fast.url, 2_000));
    try {
      const before = createsOf(sim);
      fast.fail("429", "429");
      const res = await create(other.url, provider);
      expectAnswer(res, { outcome: "CREATED" });
      expect(fast.stats.forwardedCreates).toBe(1);
      expect(createsOf(sim) - before).toBe(1);
    } finally {
      await other.stop();
      await fast.close();
    }
  });

  it("answers PROVIDER_UNAVAILABLE, outcome not UNKNOWN, when the provider cannot be reached at all", async () => {
    const other = await startSubgraph(providerEnv(provider, sim, `http://127.0.0.1:${DEAD_PORT}${sim.url.pathname}`, 400));
    try {
      const res = await create(other.url, provider, { key: newKey() });
      outputs.push(res.text);
      expectAnswer(res, { outcome: null, code: "PROVIDER_UNAVAILABLE" });
      // Nothing was sent, so the key was released: a later retry may create.
      for (const line of other.logs) for (const s of secrets()) expect(line).not.toContain(s);
    } finally {
      await other.stop();
    }
  });

  it("never shows a credential or a raw upstream body in a response, a preview or a log line", async () => {
    const preview = await post(subgraph.url, {
      query: "query($p: ContactProvider!, $i: CreateContactInput!) { previewCreateContact(provider: $p, input: $i) { url headers body } }",
      variables: { p: provider, i: VALID_INPUT },
    });
    expect(preview.text).toContain("[REDACTED]");
    outputs.push(preview.text);
    expect(outputs.length).toBeGreaterThan(FAULTS.length);
    for (const text of [...outputs, ...subgraph.logs]) {
      expect(text).not.toContain(CANARY);
      for (const secret of secrets()) expect(text).not.toContain(secret);
    }
  });
});
