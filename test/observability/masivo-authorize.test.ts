import { SpanKind } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMasivoSimulator } from "../../src/providers/masivo/simulator.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { traceToMemory, upstreamCalls } from "./support.js";

// Masivo's token exchange is a provider call too: it gets its log line and span in the request that needed it.
const KEY = `masivo-obs-key-${process.pid}`;
const exporter = traceToMemory();
let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createMasivoSimulator>>>>;
let subgraph: TestSubgraph;

beforeAll(async () => {
  sim = await startSimulator(createMasivoSimulator(KEY));
  subgraph = await startSubgraph({ MASIVO_BASE_URL: sim.url.href, MASIVO_API_KEY: KEY });
});
afterAll(async () => {
  await subgraph.stop();
  await sim.close();
});

describe("Masivo's /auth/authorize, observed", () => {
  it("logs and traces the token exchange as one more hop of the createContact that needed it", async () => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "obs-masivo-0001" },
      body: JSON.stringify({
        query: 'mutation { createContact(provider: MASIVO, input: { emails: [{ address: "obs@example.com" }] }) { outcome } }',
      }),
    });
    expect(((await res.json()) as { data: { createContact: { outcome: string } } }).data.createContact.outcome).toBe("CREATED");

    const calls = upstreamCalls(subgraph.logs, "obs-masivo-0001");
    expect(calls.map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual(["GET auth/authorize 200", "POST contacts 201"]);

    const spans = exporter.getFinishedSpans();
    const op = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const authorize = spans.find((s) => s.name === "GET auth/authorize")!;
    expect(authorize.parentSpanContext?.spanId).toBe(op.spanContext().spanId);
    expect(subgraph.logs.join("\n")).not.toContain(KEY);
  });
});
