import net from "node:net";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { providers } from "../../src/providers/index.js";
import { createStoraSimulator } from "../../src/providers/stora/simulator.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { create, createsOf, post, providerEnv, simulatedProviders, VALID_INPUT } from "./support.js";

const SECRET = "router-shared-secret-5b2f";

describe("limits on what comes in", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator());
    subgraph = await startSubgraph({
      ...providerEnv("STORA", sim, sim.url, 2_000),
      MAX_QUERY_DEPTH: "4",
      MAX_QUERY_COST: "40",
      MAX_CREATES_PER_OPERATION: "2",
      MAX_QUERY_TOKENS: "100",
    });
  });
  afterAll(async () => {
    await subgraph.stop();
    await sim.close();
  });

  it("answers a body over 256 kB with a GraphQL-shaped 413", async () => {
    const res = await post(subgraph.url, { query: "{ __typename }", variables: { pad: "x".repeat(300_000) } });
    expect(res.status).toBe(413);
    expect(res.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining("256 kB"), extensions: expect.objectContaining({ code: "BAD_REQUEST" }) }),
    ]);
  });

  it("survives a client that hangs up in the middle of its request body", async () => {
    const { port } = new URL(subgraph.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const res = await post(subgraph.url, { query: "{ __typename }" });
    expect(res.data).toEqual({ __typename: "Query" });
  });

  it("answers a body that is not JSON with a GraphQL-shaped 400, no stack", async () => {
    const res = await fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(text).errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(text).not.toMatch(/at .+\.js:\d+/);
  });

  it.each([
    [
      "depth",
      "query Deep($r: [_Any!]!) { ...E } fragment E on Query { _entities(representations: $r) { ... on Contact { emails { address } } } }",
      /depth limit of 4/i,
    ],
    ["cost", `{ ${Array.from({ length: 14 }, (_, i) => `a${i}: contactProviders { provider }`).join(" ")} }`, /cost limit of 40/i],
    ["aliases", `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: contactProviders { provider }`).join(" ")} }`, /aliases/i],
  ])("refuses a query past the %s limit before running it", async (_name, query, message) => {
    const res = await post(subgraph.url, { query, variables: { r: [] } });
    expect(res.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors!.map((e) => e.message)).toContainEqual(expect.stringMatching(message));
    expect(res.data).toBeUndefined();
  });

  it("refuses a query past the token limit with a 400 while parsing, before any validation", async () => {
    const query = `{ ${Array.from({ length: 150 }, () => "__typename").join(" ")} }`;
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(res.status).toBe(400);
    expect(body.errors[0]).toMatchObject({
      message: expect.stringMatching(/Document contains more th.. 100 tokens/),
      extensions: { code: "GRAPHQL_PARSE_FAILED" },
    });
  });

  it("refuses more createContact fields in one operation than allowed, fragments included, before any call", async () => {
    const before = sim.stats.requests;
    const field = (n: number) => `c${n}: createContact(provider: STORA, input: $i) { outcome }`;
    const query = `mutation($i: CreateContactInput!) { ${field(1)} ...More } fragment More on Mutation { ${field(2)} ${field(3)} }`;
    const res = await post(subgraph.url, { query, variables: { i: VALID_INPUT } });
    expect(res.errors?.[0]).toMatchObject({
      message: "An operation may contain at most 2 createContact or previewCreateContact fields; this one has 3.",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    expect(sim.stats.requests).toBe(before);

    const creates = sim.stats.creates;
    const two = await post(subgraph.url, {
      query: `mutation($i: CreateContactInput!) { ${field(1)} ${field(2)} }`,
      variables: { i: VALID_INPUT },
    });
    expect(two.errors).toBeUndefined();
    expect(sim.stats.creates - creates).toBe(2);
  });

  it("counts previewCreateContact as a create: the same input work, without the call", async () => {
    const preview = (n: number) => `p${n}: previewCreateContact(provider: STORA, input: $i) { body }`;
    const res = await post(subgraph.url, {
      query: `query($i: CreateContactInput!) { ${preview(1)} ${preview(2)} ${preview(3)} }`,
      variables: { i: VALID_INPUT },
    });
    expect(res.errors?.[0]).toMatchObject({
      message: "An operation may contain at most 2 createContact or previewCreateContact fields; this one has 3.",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });
});

describe("access", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator());
    subgraph = await startSubgraph({ ...providerEnv("STORA", sim, sim.url, 2_000), ROUTER_SECRET: SECRET });
  });
  afterAll(async () => {
    await subgraph.stop();
    await sim.close();
  });

  it.each([
    ["no header", {}],
    ["a wrong secret", { "router-authorization": "guess" }],
  ])("refuses a request with %s with 401, before GraphQL runs", async (_name, headers) => {
    const res = await post(subgraph.url, { query: "{ __typename }" }, headers);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.text).not.toContain(SECRET);
  });

  it("serves the router, which sends the secret, and keeps /health open", async () => {
    const res = await post(subgraph.url, { query: "{ __typename }" }, { "Router-Authorization": SECRET });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ __typename: "Query" });
    const health = await fetch(subgraph.url.replace(/\/graphql$/, "/health"));
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    for (const line of subgraph.logs) expect(line).not.toContain(SECRET);
  });

  it("reads the allow-lists and refuses them where a provider has no connections", () => {
    expect(loadConfig({ STACKONE_API_KEY: "k", STACKONE_ALLOWED_CONNECTIONS: "acc1, acc2" }).allowedConnections).toEqual({
      STACKONE: ["acc1", "acc2"],
    });
    expect(() => loadConfig({ STORA_TOKEN: "t", STORA_ALLOWED_CONNECTIONS: "x" })).toThrow(
      new ConfigError("STORA_ALLOWED_CONNECTIONS is set but Stora has no connections."),
    );
  });

  it("accepts only https upstreams in production, loopback excepted", () => {
    expect(() => loadConfig({ NODE_ENV: "production", STORA_TOKEN: "t", STORA_BASE_URL: "http://stora.example/2025-09" })).toThrow(
      /STORA_BASE_URL must use https in production/,
    );
    expect(
      loadConfig({ NODE_ENV: "production", STORA_TOKEN: "t", STORA_BASE_URL: "http://127.0.0.1:9/2025-09" }).providers.STORA?.baseUrl
        .hostname,
    ).toBe("127.0.0.1");
  });
});

describe("connection allow-list", () => {
  // Every provider scoped by a connection that has a simulator; each refuses a connection outside its list.
  const scoped = simulatedProviders().filter((p) => providers[p].connection !== "none");

  it.each(scoped)(
    "%s: a connectionId outside <PREFIX>_ALLOWED_CONNECTIONS is a user error at connectionId, nothing sent",
    async (provider) => {
      const def = providers[provider];
      const sim = await startSimulator(def.simulator!());
      const allowed = sim.defaultConnectionId ?? "allowed-1";
      const subgraph = await startSubgraph({
        ...providerEnv(provider, sim, sim.url, 2_000),
        [`${def.env.prefix}_ALLOWED_CONNECTIONS`]: allowed,
      });
      try {
        const before = createsOf(sim);
        const res = await create(subgraph.url, provider, { connectionId: "someone-elses-account" });
        expect(res.data!.createContact).toMatchObject({
          outcome: "NOT_CREATED",
          contact: null,
          userErrors: [{ field: ["connectionId"], code: "INVALID" }],
        });
        const ok = await create(subgraph.url, provider, { connectionId: allowed });
        expect(ok.data!.createContact!.userErrors.filter((e) => e.field?.[0] === "connectionId")).toEqual([]);
        expect(createsOf(sim) - before).toBe(ok.data!.createContact!.outcome === "CREATED" ? 1 : 0);
      } finally {
        await subgraph.stop();
        await sim.close();
      }
    },
  );
});
