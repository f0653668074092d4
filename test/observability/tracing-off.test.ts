import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CreateContactDocument } from "../gql/graphql.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { parseLogs, routerTrace, routerTraceparent, upstreamCalls } from "./support.js";

// No tracer provider in this file: tracing is off, as in a deployment that configured none.
let stora: FakeUpstream;
let subgraph: TestSubgraph;

beforeAll(async () => {
  // https://docs.stora.co/2025-09/api-reference/contacts/create-a-contact: 201 with {contact, meta}
  stora = await startFakeUpstream((req) => ({
    status: 201,
    body: {
      contact: {
        id: "con_obs_off_1",
        email: (req.body as { email: string }).email,
        full_name: null,
        phone_number: null,
        address: null,
        metadata: {},
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
      },
      meta: { request_id: "req_off_1" },
    },
  }));
  subgraph = await startSubgraph({ STORA_BASE_URL: stora.url, STORA_TOKEN: "stora-token-obs-off" });
});
afterAll(async () => {
  await subgraph.stop();
  await stora.close();
});
beforeEach(() => {
  stora.received.length = 0;
});

const create = (headers: Record<string, string>) =>
  execute(subgraph.url, CreateContactDocument, { provider: "STORA", input: { emails: [{ address: "off@example.com" }] } }, headers);

describe("with tracing off", () => {
  it("sends no traceparent and logs no trace ids when the router sent none", async () => {
    const res = await create({ "x-request-id": "off-1" });
    expect(res.errors).toBeUndefined();
    expect(stora.received[0].headers.traceparent).toBeUndefined();
    const lines = parseLogs(subgraph.logs).filter((l) => l.requestId === "off-1");
    expect(lines.map((l) => l.msg)).toEqual(["graphql request"]);
    for (const l of [...lines, ...upstreamCalls(subgraph.logs, "off-1")]) expect(l.traceId).toBeUndefined();
  });

  it("still passes the router's trace context on to the provider", async () => {
    const res = await create({ "x-request-id": "off-2", traceparent: routerTraceparent });
    expect(res.errors).toBeUndefined();
    expect(stora.received[0].headers.traceparent).toBe(routerTraceparent);
    const [upstream] = upstreamCalls(subgraph.logs, "off-2");
    expect(upstream).toMatchObject({ traceId: routerTrace.traceId, status: 201 });
  });
});
