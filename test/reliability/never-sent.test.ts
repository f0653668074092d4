import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError, UpstreamRejection } from "../../src/errors.js";
import { Upstream, type UpstreamRequest } from "../../src/providers/http.js";
import { metrics } from "../../src/telemetry/metrics.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { nest } from "./arbitraries.js";
import { create } from "./support.js";

// "Sent" means sent: what provably never left the process is answered as such (a user error, or
// NOT_CREATED), never as a timeout with outcome UNKNOWN, and is not counted as an upstream call.

const BAD_CONNECTION_IDS = [
  "acc\r\nx-injected: 1",
  "acc\u0000",
  "ac\nc",
  "a".repeat(256),
  "acc 1",
  "acc/../1",
  "acc?x=1",
  "ácc",
  "acc\ud800",
];

describe("caller ids that cannot go into a header are user errors (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    upstream = await startFakeUpstream((req) =>
      req.url.endsWith("/auth/authorize")
        ? { status: 200, body: { data: "a.b.c" } }
        : { status: 500, body: { message: "should never be called" } },
    );
    subgraph = await startSubgraph({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      STACKONE_BASE_URL: upstream.url,
      STACKONE_API_KEY: "stackone-key",
      MASIVO_BASE_URL: upstream.url,
      MASIVO_API_KEY: "masivo-key",
      ALLOY_BASE_URL: upstream.url,
      ALLOY_API_KEY: "alloy-key",
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  it.each(["STACKONE", "MASIVO", "ALLOY"] as const)(
    "%s: a connectionId with a line break, NUL, space, slash or > 255 characters",
    async (provider) => {
      for (const connectionId of BAD_CONNECTION_IDS) {
        const res = await create(subgraph.url, provider, { connectionId, key: `conn-${provider}-${connectionId.length}` });
        expect(res.errors, `${JSON.stringify(connectionId)}: ${res.text}`).toBeUndefined();
        expect(res.data!.createContact).toMatchObject({
          outcome: "NOT_CREATED",
          userErrors: [{ field: ["connectionId"], code: "INVALID" }],
        });
      }
      expect(upstream.received.filter((r) => !r.url.endsWith("/auth/authorize"))).toEqual([]);
    },
  );

  it("an idempotencyKey with a line break or > 255 characters", async () => {
    for (const key of ["key\r\nx: 1", "key\u0000", "k".repeat(256), ""]) {
      const res = await create(subgraph.url, "STACKONE", { key, connectionId: "acc_1" });
      expect(res.data!.createContact, JSON.stringify(key)).toMatchObject({
        outcome: "NOT_CREATED",
        userErrors: [{ field: ["idempotencyKey"], code: "INVALID" }],
      });
    }
    expect(upstream.received.filter((r) => !r.url.endsWith("/auth/authorize"))).toEqual([]);
  });
});

describe("the transport builds the whole request before it sends", () => {
  let upstream: FakeUpstream;
  const PROVIDER = "NeverSentTest";
  beforeAll(async () => {
    upstream = await startFakeUpstream(() => ({ status: 200, body: { id: "1" } }));
  });
  afterAll(async () => upstream?.close());

  const transport = (auth: Record<string, string> = { authorization: "Bearer ok" }) =>
    new Upstream({
      provider: PROVIDER,
      baseUrl: new URL(`${upstream.url}/v1`),
      timeoutMs: 1_000,
      authorize: () => auth,
      authHeaderNames: Object.keys(auth),
      parseError: () => ({}),
    });
  const counted = async () => {
    const calls = (await metrics.upstreamCalls.get()).values.filter((v) => v.labels.provider === PROVIDER).reduce((n, v) => n + v.value, 0);
    const errors = (await metrics.upstreamErrors.get()).values
      .filter((v) => v.labels.provider === PROVIDER)
      .reduce((n, v) => n + v.value, 0);
    return { calls, errors };
  };
  const base: UpstreamRequest = { method: "POST", path: "contacts", template: "contacts", body: { name: "x" }, connectionId: "acc_1" };

  async function refusal(request: UpstreamRequest, auth?: Record<string, string>) {
    const before = await counted();
    const error = await transport(auth)
      .send(request)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(upstream.received).toEqual([]);
    // Nothing reached the provider: no upstream call, no upstream error in the metrics.
    expect(await counted()).toEqual(before);
    return error;
  }

  it("a caller's value that no header may carry is a user error at its argument, not a timeout", async () => {
    const error = await refusal({ ...base, connectionId: "a\r\nb", headers: { "x-account-id": "a\r\nb" } });
    expect(error).toBeInstanceOf(UpstreamRejection);
    expect((error as UpstreamRejection).userErrors).toEqual([
      { field: ["connectionId"], code: "INVALID", message: expect.stringMatching(/x-account-id header.*Nothing was sent/) },
    ]);
  });

  it("a body too deep to serialise is a user error at input", async () => {
    const error = await refusal({ ...base, body: nest(20_000, 1) });
    expect((error as UpstreamRejection).userErrors).toEqual([
      { field: ["input"], code: "INVALID", message: expect.stringMatching(/body.*Nothing was sent/) },
    ]);
    const bigint = await refusal({ ...base, body: { n: 1n } });
    expect(bigint).toBeInstanceOf(UpstreamRejection);
  });

  it("a credential no header may carry is PROVIDER_NOT_CONFIGURED with outcome NOT_CREATED", async () => {
    const error = await refusal(base, { "x-api-key": "key\r\nx-evil: 1" });
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).extensions).toMatchObject({
      code: "PROVIDER_NOT_CONFIGURED",
      outcome: "NOT_CREATED",
      provider: PROVIDER,
    });
    expect((error as ProviderError).message).not.toContain("x-evil");
  });

  it("a path the URL parser would rewrite (dot segments) is never requested", async () => {
    for (const id of [".", ".."]) {
      const error = await refusal({ method: "GET", path: `contacts/${encodeURIComponent(id)}`, template: "contacts/{id}" });
      expect(error).toBeInstanceOf(UpstreamRejection);
    }
  });

  it("a well-formed request is sent and counted once", async () => {
    const before = await counted();
    await expect(transport().send(base)).resolves.toMatchObject({ status: 200 });
    expect(upstream.received.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /v1/contacts"]);
    expect((await counted()).calls).toBe(before.calls + 1);
  });
});
