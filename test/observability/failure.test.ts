import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateContactDocument } from "../gql/graphql.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { getMetrics, parseLogs, requestLine, sample, spanText, traceToMemory, upstreamCalls } from "./support.js";

// Stora refusing our token: the error code, Stora's request id and ours must line up in all three signals.
const TOKEN = "stora-revoked-token-obs-5d21";
const exporter = traceToMemory();
let stora: FakeUpstream;
let subgraph: TestSubgraph;

beforeAll(async () => {
  // https://docs.stora.co/2025-09/guides/errors: {error: {code, type, message, request_id, details, links}}
  stora = await startFakeUpstream(() => ({
    status: 401,
    body: {
      error: {
        code: "unauthorized",
        type: "invalid_request_error",
        message: "Invalid token.",
        request_id: "req_stora_obs_401",
        details: [],
        links: [],
      },
    },
  }));
  subgraph = await startSubgraph({ STORA_BASE_URL: stora.url, STORA_TOKEN: TOKEN });
});
afterAll(async () => {
  await subgraph.stop();
  await stora.close();
});

describe("a failed upstream call, observed", () => {
  it("records PROVIDER_AUTH_FAILED with both request ids in the log, the spans, the metrics and the error", async () => {
    const before = (await getMetrics(subgraph.url)).text;
    const res = await execute(
      subgraph.url,
      CreateContactDocument,
      {
        provider: "STORA",
        input: { fullName: "Octavia Brindlecombe", emails: [{ address: "octavia@example.net" }] },
      },
      { "x-request-id": "router-req-fail-1" },
    );

    expect(res.errors?.[0].extensions).toMatchObject({
      code: "PROVIDER_AUTH_FAILED",
      upstreamRequestId: "req_stora_obs_401",
      requestId: "router-req-fail-1",
    });

    // The request's one line, at warn because the provider refused us, carries the call.
    const request = requestLine(subgraph.logs, "router-req-fail-1");
    expect(request).toMatchObject({ level: 40, errorCodes: ["PROVIDER_AUTH_FAILED"] });
    const upstream = upstreamCalls(subgraph.logs, "router-req-fail-1");
    expect(upstream).toHaveLength(1);
    expect(upstream[0]).toMatchObject({
      provider: "Stora",
      status: 401,
      errorCode: "PROVIDER_AUTH_FAILED",
      upstreamRequestId: "req_stora_obs_401",
    });

    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    const op = spans.find((s) => s.kind === SpanKind.SERVER)!;
    expect(call.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "PROVIDER_AUTH_FAILED" });
    expect(call.attributes).toMatchObject({
      "http.response.status_code": 401,
      "error.type": "PROVIDER_AUTH_FAILED",
      "contacts.upstream_request_id": "req_stora_obs_401",
    });
    expect(op.status.code).toBe(SpanStatusCode.ERROR);
    expect(op.attributes["contacts.error_codes"]).toEqual(["PROVIDER_AUTH_FAILED"]);

    const after = (await getMetrics(subgraph.url)).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("contacts_upstream_errors_total", { provider: "Stora", code: "PROVIDER_AUTH_FAILED" })).toBe(1);
    expect(delta("contacts_upstream_calls_total", { provider: "Stora", status: "401" })).toBe(1);
    expect(delta("contacts_graphql_errors_total", { code: "PROVIDER_AUTH_FAILED" })).toBe(1);

    // The Authorization header did reach Stora, and nowhere else.
    expect(stora.received[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const where of [subgraph.logs.join("\n"), spanText(spans), after, res.text])
      for (const secret of [TOKEN, "Octavia", "Brindlecombe", "octavia@example.net"]) expect(where).not.toContain(secret);
  });

  it("puts our request id on an error raised before any upstream call", async () => {
    const res = await execute(
      subgraph.url,
      CreateContactDocument,
      { provider: "ALLOY", input: { lastName: "Smith" } },
      { "x-request-id": "router-req-fail-2" },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_NOT_CONFIGURED", requestId: "router-req-fail-2" });
    // No upstream call was made, so there is no upstream line for this request.
    expect(
      parseLogs(subgraph.logs)
        .filter((l) => l.requestId === "router-req-fail-2")
        .map((l) => l.msg),
    ).toEqual(["graphql request"]);
    expect(requestLine(subgraph.logs, "router-req-fail-2").upstream).toBeUndefined();
  });
});
