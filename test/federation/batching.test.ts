import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../src/graphql/enums.js";
import { stora } from "../../src/providers/stora/index.js";
import { encodeContactId } from "../../src/providers/global-id.js";
import { createStoraSimulator } from "../../src/providers/stora/simulator.js";
import { serveSimulator, type RunningSimulator } from "../../src/sandbox/http.js";
import { ContactEntitiesDocument } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

const TOKEN = "stora-batching-token";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storaId = (providerId: string) =>
  encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId, sandbox: false });

describe("_entities with 50 references to one provider and connection", () => {
  // Stora's simulator behind a slow front that records how many reads are in flight at once.
  const sim = createStoraSimulator(TOKEN);
  const seen = { gets: 0, inFlight: 0, maxInFlight: 0 };
  let upstream: RunningSimulator;
  let subgraph: TestSubgraph;
  const existing: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 40; i++) {
      const res = await sim.handler({
        method: "POST",
        path: "/contacts",
        query: new URLSearchParams(),
        body: { email: `c${i}@example.com`, full_name: `Contact ${i}` },
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      });
      existing.push(storaId((res.body as { contact: { id: string } }).contact.id));
    }
    upstream = await serveSimulator(async (req) => {
      if (req.method === "GET") seen.gets++;
      seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
      await sleep(25);
      seen.inFlight--;
      // Stora's documented error bodies, for the reads that fail (https://docs.stora.co/2025-09/guides/errors).
      const fail = (status: number, code: string) => ({
        status,
        body: { error: { code, type: "api_error", message: "upstream-secret-detail", request_id: "req_1", details: [], links: [] } },
      });
      if (req.path.endsWith("/con_unavailable")) return fail(503, "service_unavailable");
      if (req.path.endsWith("/con_rejected")) return fail(422, "invalid_content");
      return sim.handler(req);
    }, sim.basePath);
    // Not about Stora's rate budget (test/federation/bulkhead.test.ts is): 45 reads in one go.
    subgraph = await startSubgraph({ STORA_BASE_URL: upstream.url.href, STORA_TOKEN: TOKEN, STORA_RATE_LIMIT: "none" });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  it("reads each distinct contact once, concurrently under the bound, and answers in order with null for the missing", async () => {
    const missing = Array.from({ length: 5 }, (_, i) => storaId(`con_missing_${i}`));
    // 40 contacts, 5 of them asked twice, and 5 that do not exist, interleaved.
    const ids = [...existing, ...existing.slice(0, 5), ...missing].map((id, i, all) => all[(i * 7) % all.length]);
    expect(new Set(ids).size).toBe(45);
    const res = await execute(subgraph.url, ContactEntitiesDocument, { representations: ids.map((id) => ({ __typename: "Contact", id })) });
    expect(res.errors).toBeUndefined();
    const entities = res.data!._entities as ({ id: string; fullName?: string | null } | null)[];
    expect(entities).toHaveLength(50);
    expect(entities.map((e) => e?.id ?? null)).toEqual(ids.map((id) => (missing.includes(id) ? null : id)));
    expect(entities.filter(Boolean).every((e) => /^Contact \d+$/.test(e!.fullName!))).toBe(true);
    expect(seen.gets).toBe(45);
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(stora.limits.readConcurrency);
  });

  it("fails only the entity whose read failed, with extensions a router can pass on and no upstream body", async () => {
    const ids = [existing[0], storaId("con_unavailable"), existing[1], storaId("con_rejected"), existing[2]];
    const res = await execute(subgraph.url, ContactEntitiesDocument, { representations: ids.map((id) => ({ __typename: "Contact", id })) });
    expect((res.data!._entities as ({ id: string } | null)[]).map((e) => e?.id ?? null)).toEqual([ids[0], null, ids[2], null, ids[4]]);
    expect(res.errors!.map((e) => [e.path, e.extensions])).toEqual([
      [
        ["_entities", 1],
        expect.objectContaining({ code: "PROVIDER_UNAVAILABLE", provider: "Stora", upstreamStatus: 503, upstreamRequestId: "req_1" }),
      ],
      [["_entities", 3], expect.objectContaining({ code: "BAD_USER_INPUT", provider: "Stora", field: ["representations", "3", "id"] })],
    ]);
    expect(res.text).not.toContain("upstream-secret-detail");
  });
});
