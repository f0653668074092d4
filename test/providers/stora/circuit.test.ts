import { afterEach, describe, expect, it } from "vitest";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { encodeContactId } from "../../../src/providers/global-id.js";
import { ContactEntitiesDocument, CreateContactDocument } from "../../gql/graphql.js";
import { startFakeUpstream, type FakeReply } from "../../helpers/fake-upstream.js";
import { execute } from "../../helpers/graphql.js";
import { startSubgraph } from "../../helpers/server.js";

const TOKEN = "stora-circuit-token";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const running: { stop?(): Promise<void>; close?(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await (r.stop ?? r.close)!.call(r);
});

const storaContact = (id: string) => ({
  contact: { id, email: "c@example.com", full_name: null, created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" },
  meta: { request_id: "r" },
});
const storaError = (status: number, code: string) => ({
  status,
  body: { error: { code, type: "api_error", message: "down", request_id: "r", details: [], links: [] } },
});

/** Stora behind a switch: what it answers is whatever `mode` says at the time. */
async function switchable(initial: () => FakeReply) {
  const state = { reply: initial };
  const upstream = await startFakeUpstream(() => state.reply());
  running.push(upstream);
  return { upstream, state };
}

describe("a provider's circuit", () => {
  it("opens after repeated outages, answers at once without calling, shows it in /health, /metrics and the log, and closes after one good probe", async () => {
    const { upstream, state } = await switchable(() => storaError(503, "service_unavailable"));
    const subgraph = await startSubgraph({
      STORA_BASE_URL: upstream.url,
      STORA_TOKEN: TOKEN,
      STORA_RATE_LIMIT: "none",
      STORA_TIMEOUT_MS: "5000",
      CIRCUIT_FAILURES: "3",
      CIRCUIT_COOLDOWN_MS: "1500",
    });
    running.push(subgraph);
    const base = subgraph.url.replace(/\/graphql$/, "");
    const read = (n: number) =>
      execute(subgraph.url, ContactEntitiesDocument, {
        representations: [
          {
            __typename: "Contact",
            id: encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId: `con_${n}`, sandbox: false }),
          },
        ],
      });

    // A read is retried (3 attempts): three 503s in a row open the circuit.
    const failed = await read(1);
    expect(failed.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", upstreamStatus: 503 });
    expect(upstream.received).toHaveLength(3);

    const started = performance.now();
    const create = await execute(subgraph.url, CreateContactDocument, {
      provider: ContactProvider.STORA,
      input: { emails: [{ address: "open@example.com" }] },
    });
    const reading = await read(2);
    // Answered here, far below the 5 s timeout a call to a hung Stora could take.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(upstream.received).toHaveLength(3);
    expect(create.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", provider: "Stora", outcome: "NOT_CREATED" });
    expect(create.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(create.errors?.[0].extensions?.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(reading.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", provider: "Stora" });

    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: "ok", openCircuits: ["STORA"] });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/contacts_circuits_open\{provider="Stora"\} 1/);
    expect(subgraph.logs.some((line) => /"state":"open"/.test(line) && /circuit open/.test(line))).toBe(true);

    // Back up: after the cool-down one probe goes through, succeeds, and the circuit closes.
    state.reply = () => ({ status: 200, body: storaContact("con_3") });
    await sleep(1600);
    const probe = await read(3);
    expect(probe.errors).toBeUndefined();
    expect(upstream.received).toHaveLength(4);
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ openCircuits: [] });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/contacts_circuits_open\{provider="Stora"\} 0/);
    expect(subgraph.logs.some((line) => /"state":"closed"/.test(line))).toBe(true);
  });

  it("never opens for user errors, 4xx or rate limits", async () => {
    const replies = [
      storaError(422, "invalid_content"),
      storaError(404, "resource_not_found"),
      { ...storaError(429, "too_many_requests"), headers: { "retry-after": "0" } },
      storaError(401, "invalid_token"),
    ];
    let n = 0;
    const { upstream } = await switchable(() => replies[n++ % replies.length]);
    const subgraph = await startSubgraph({
      STORA_BASE_URL: upstream.url,
      STORA_TOKEN: TOKEN,
      STORA_RATE_LIMIT: "none",
      CIRCUIT_FAILURES: "2",
      RATE_LIMIT_MAX_WAIT_MS: "0",
    });
    running.push(subgraph);
    for (let i = 0; i < 12; i++)
      await execute(subgraph.url, CreateContactDocument, {
        provider: ContactProvider.STORA,
        input: { emails: [{ address: `user${i}@example.com` }] },
      });
    const before = upstream.received.length;
    expect(before).toBeGreaterThanOrEqual(12);
    await execute(subgraph.url, CreateContactDocument, {
      provider: ContactProvider.STORA,
      input: { emails: [{ address: "last@example.com" }] },
    });
    expect(upstream.received.length).toBeGreaterThan(before);
    const base = subgraph.url.replace(/\/graphql$/, "");
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ openCircuits: [] });
  });
});
