import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { encodeContactId } from "../../../src/providers/global-id.js";
import { createStoraSimulator } from "../../../src/providers/stora/simulator.js";
import { serveSimulator, type RunningSimulator } from "../../../src/sandbox/http.js";
import { ContactEntitiesDocument } from "../../gql/graphql.js";
import { execute } from "../../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../../helpers/server.js";
import { post } from "../../reliability/support.js";

const TOKEN = "stora-bulkhead-token";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storaId = (providerId: string) =>
  encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId, sandbox: false });
const representations = (ids: string[]) => ids.map((id) => ({ __typename: "Contact", id }));

describe("reads in flight and references per request", () => {
  const sim = createStoraSimulator(TOKEN);
  const seen = { inFlight: 0, maxInFlight: 0, gets: 0 };
  let upstream: RunningSimulator;
  let subgraph: TestSubgraph;
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 24; i++) {
      const res = await sim.handler({
        method: "POST",
        path: "/contacts",
        query: new URLSearchParams(),
        body: { email: `b${i}@example.com` },
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      });
      ids.push(storaId((res.body as { contact: { id: string } }).contact.id));
    }
    // A slow front that records how many reads are in flight at once, whichever request they belong to.
    upstream = await serveSimulator(async (req) => {
      if (req.method === "GET") seen.gets++;
      seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
      await sleep(30);
      seen.inFlight--;
      return sim.handler(req);
    }, sim.basePath);
    subgraph = await startSubgraph({
      STORA_BASE_URL: upstream.url.href,
      STORA_TOKEN: TOKEN,
      STORA_RATE_LIMIT: "none",
      STORA_READ_CONCURRENCY: "3",
      MAX_ENTITY_REFERENCES: "10",
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  it("bounds the reads in flight per provider across concurrent requests, not per request", async () => {
    // Three requests at once, 8 distinct references each: a per-request bound of 3 would allow 9 in flight.
    const answers = await Promise.all(
      [0, 1, 2].map((n) =>
        execute(subgraph.url, ContactEntitiesDocument, { representations: representations(ids.slice(n * 8, n * 8 + 8)) }),
      ),
    );
    for (const res of answers) {
      expect(res.errors).toBeUndefined();
      expect((res.data!._entities as unknown[]).every(Boolean)).toBe(true);
    }
    expect(seen.gets).toBe(24);
    expect(seen.maxInFlight).toBe(3);
  });

  it("refuses an _entities call with more representations than MAX_ENTITY_REFERENCES, before any read", async () => {
    const before = seen.gets;
    const res = await execute(subgraph.url, ContactEntitiesDocument, { representations: representations(ids.slice(0, 11)) });
    expect(res.data?._entities).toBeUndefined();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: "_entities accepts at most 10 representations per request; this one has 11. Split it into several requests.",
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: ["representations"] }),
      }),
    ]);
    expect(seen.gets).toBe(before);
    const ok = await execute(subgraph.url, ContactEntitiesDocument, { representations: representations(ids.slice(0, 10)) });
    expect(ok.errors).toBeUndefined();
  });

  it.each([
    ["an inline fragment", "query($r: [_Any!]!) { ... on Query { _entities(representations: $r) { __typename } } }", 11],
    ["a named fragment", "query($r: [_Any!]!) { ...E } fragment E on Query { _entities(representations: $r) { __typename } }", 11],
    [
      "two aliases of 6",
      "query($r: [_Any!]!) { a: _entities(representations: $r) { __typename } b: _entities(representations: $r) { __typename } }",
      6,
    ],
  ])("counts the representations of _entities inside %s too, before any read", async (_, query, sent) => {
    const before = seen.gets;
    const res = await post(subgraph.url, { query, variables: { r: representations(ids.slice(0, sent)) } });
    const count = query.includes("b: _entities") ? sent * 2 : sent;
    expect(res.errors?.[0], res.text).toMatchObject({
      message: `_entities accepts at most 10 representations per request; this one has ${count}. Split it into several requests.`,
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(seen.gets).toBe(before);
  });
});
