import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { setTracerProvider } from "../../src/telemetry/tracing.js";

/** Spans of this test file go to memory, exported as each one ends. */
export function traceToMemory(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  setTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  return exporter;
}

/** Everything a span would carry to a collector, as text, for "nothing personal in it" checks. */
export const spanText = (spans: ReadableSpan[]) =>
  JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links })));

/** Log lines as objects. */
export const parseLogs = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

/** The one log line of a GraphQL request, found by its request id. */
export function requestLine(lines: string[], requestId: string): Record<string, unknown> {
  const found = parseLogs(lines).filter((l) => l.msg === "graphql request" && l.requestId === requestId);
  if (found.length !== 1) throw new Error(`expected one "graphql request" line for ${requestId}, found ${found.length}`);
  return found[0];
}

/** The upstream calls a request's log line carries, in the order they ended. */
export const upstreamCalls = (lines: string[], requestId: string) =>
  (requestLine(lines, requestId).upstream ?? []) as Record<string, unknown>[];

/** The value of one sample in Prometheus text, 0 when absent: `sample(text, "x_total", { provider: "Example" })`. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? "").split(",");
    if (wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

export async function getMetrics(graphqlUrl: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await fetch(new URL("/metrics", graphqlUrl));
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
}

/** A W3C traceparent as a router would send it. */
export const routerTrace = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
export const routerTraceparent = `00-${routerTrace.traceId}-${routerTrace.spanId}-01`;
