import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStoraSimulator } from "../../src/providers/stora/simulator.js";
import { CreateContactDocument, type CreateContactInput } from "../gql/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { getMetrics, parseLogs, routerTrace, routerTraceparent, sample, spanText, traceToMemory } from "./support.js";

// One createContact, followed through every hop: the GraphQL request and the call to Stora.
const TOKEN = "stora-obs-token-never-logged-91c4";
const PERSONAL = ["zenobia.quill@example.org", "Zenobia", "Quillfeather", "+442079460958", "7946 0958", "Harbour Row"];
const input: CreateContactInput = {
  firstName: "Zenobia",
  lastName: "Quillfeather",
  emails: [{ address: "zenobia.quill@example.org" }],
  phones: [{ number: "020 7946 0958", countryCode: "GB" }],
  addresses: [{ line1: "7 Harbour Row", city: "Bristol", countryCode: "GB" }],
};

const exporter = traceToMemory();
const upstreamHeaders: Record<string, string | string[] | undefined>[] = [];
let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
let subgraph: TestSubgraph;

beforeAll(async () => {
  const stora = createStoraSimulator(TOKEN);
  const handle = stora.handler;
  stora.handler = (req) => {
    upstreamHeaders.push(req.headers);
    return handle(req);
  };
  sim = await startSimulator(stora);
  subgraph = await startSubgraph({ STORA_BASE_URL: sim.url.href, STORA_TOKEN: TOKEN });
});
afterAll(async () => {
  await subgraph.stop();
  await sim.close();
});
beforeEach(() => {
  exporter.reset();
  upstreamHeaders.length = 0;
});

async function create(headers: Record<string, string>) {
  const res = await fetch(subgraph.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: print(CreateContactDocument), variables: { provider: "STORA", input } }),
  });
  const text = await res.text();
  return {
    res,
    text,
    body: JSON.parse(text) as { data?: { createContact: { contact: { providerId: string } | null } }; errors?: unknown[] },
  };
}

describe("one createContact, observed", () => {
  it("gives one log line carrying every hop and one span per hop, linked by request id and trace, and sends traceparent to Stora", async () => {
    const before = (await getMetrics(subgraph.url)).text;
    const { res, body, text } = await create({ "x-request-id": "router-req-0001", traceparent: routerTraceparent });
    expect(body.errors).toBeUndefined();
    expect(body.data?.createContact.contact?.providerId).toMatch(/^con_sandbox_/);
    expect(res.headers.get("x-request-id")).toBe("router-req-0001");

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    const op = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const call = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    expect(op.name).toBe("mutation CreateContact");
    expect(op.spanContext().traceId).toBe(routerTrace.traceId);
    expect(op.parentSpanContext?.spanId).toBe(routerTrace.spanId);
    expect(op.attributes).toMatchObject({
      "graphql.operation.type": "mutation",
      "graphql.operation.name": "CreateContact",
      "contacts.request_id": "router-req-0001",
    });
    expect(call.name).toBe("POST contacts");
    expect(call.spanContext().traceId).toBe(routerTrace.traceId);
    expect(call.parentSpanContext?.spanId).toBe(op.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      "contacts.provider": "Stora",
      "http.request.method": "POST",
      "url.template": "contacts",
      "http.response.status_code": 201,
      "contacts.request_id": "router-req-0001",
    });
    expect(call.status.code).not.toBe(SpanStatusCode.ERROR);

    // The provider continues our upstream span, not the router's.
    expect(upstreamHeaders).toHaveLength(1);
    expect(upstreamHeaders[0].traceparent).toBe(`00-${routerTrace.traceId}-${call.spanContext().spanId}-01`);

    // One canonical line for the request, its upstream call inside it.
    const lines = parseLogs(subgraph.logs).filter((l) => l.requestId === "router-req-0001");
    expect(lines.map((l) => l.msg)).toEqual(["graphql request"]);
    const request = lines;
    const upstream = request[0].upstream as Record<string, unknown>[];
    expect(upstream).toHaveLength(1);
    expect(request[0].level).toBe(30);
    expect(request[0]).toMatchObject({
      operationType: "mutation",
      operationName: "CreateContact",
      httpStatus: 200,
      errorCodes: [],
      traceId: routerTrace.traceId,
      spanId: op.spanContext().spanId,
    });
    expect(upstream[0]).toMatchObject({
      provider: "Stora",
      method: "POST",
      path: "contacts",
      status: 201,
      traceId: routerTrace.traceId,
      spanId: call.spanContext().spanId,
    });
    expect(upstream[0].durationMs).toEqual(expect.any(Number));

    const after = (await getMetrics(subgraph.url)).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("contacts_upstream_calls_total", { provider: "Stora", method: "POST", path: "contacts", status: "201" })).toBe(1);
    expect(delta("contacts_upstream_duration_seconds_count", { provider: "Stora", method: "POST", path: "contacts" })).toBe(1);
    expect(delta("contacts_graphql_requests_total", { operation: "mutation", outcome: "ok" })).toBe(1);

    // Nothing personal or secret anywhere but the response itself.
    const observed = [subgraph.logs.join("\n"), spanText(spans), after];
    for (const where of observed) for (const secret of [TOKEN, `Bearer ${TOKEN}`, ...PERSONAL]) expect(where).not.toContain(secret);
    expect(text).toContain("Zenobia");
  });

  it("starts a new trace when the router sends none, and still propagates it to Stora", async () => {
    const { body, res } = await create({});
    expect(body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const op = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const call = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    expect(op.parentSpanContext).toBeUndefined();
    expect(call.parentSpanContext?.spanId).toBe(op.spanContext().spanId);
    expect(upstreamHeaders[0].traceparent).toBe(`00-${op.spanContext().traceId}-${call.spanContext().spanId}-01`);
    // Our own request id, since the router sent none.
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
