import {
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

export const TRACER_NAME = "contacts-subgraph";
export type TracesMode = "off" | "console";

/**
 * The provider spans go to. Unset, the global one of @opentelemetry/api is used: a no-op unless
 * the embedding process registered an SDK (e.g. @opentelemetry/sdk-node with an OTLP exporter).
 * Contexts are passed explicitly, so no global context manager is needed.
 */
let provider: TracerProvider | undefined;

/** Sends this process's spans to `p` (an SDK provider with an exporter; tests pass an in-memory one). */
export function setTracerProvider(p: TracerProvider | undefined): void {
  provider = p;
}

export const tracer = (): Tracer => (provider ?? trace.getTracerProvider()).getTracer(TRACER_NAME);

/** OTEL_TRACES=console prints spans to stdout (development); off leaves the choice to the embedding code. */
export function installTracing(mode: TracesMode): void {
  if (mode === "console" && !provider)
    setTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] }));
}

/** Exports what is buffered before the process stops (batching exporters would lose it otherwise). */
export async function flushTracing(): Promise<void> {
  await (provider as { forceFlush?: () => Promise<void> } | undefined)?.forceFlush?.();
}

// W3C Trace Context only: the router sends traceparent, and providers that trace understand it.
const propagator = new W3CTraceContextPropagator();

const mapGetter: TextMapGetter<Map<string, string>> = { get: (c, key) => c.get(key), keys: (c) => [...c.keys()] };

/** The router's trace context from the request headers (lower-case names), or the root context. */
export const extractTraceContext = (headers: Map<string, string> | undefined): Context =>
  headers ? propagator.extract(ROOT_CONTEXT, headers, mapGetter) : ROOT_CONTEXT;

/** traceparent / tracestate for an outgoing request; empty when there is no valid span to continue. */
export function traceHeaders(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, {
    set: (c, key, value) => {
      c[key] = value;
    },
  });
  return carrier;
}

/** traceId / spanId for a log line, so it can be found next to its span; nothing when there is no trace. */
export function traceIds(span: Span): { traceId?: string; spanId?: string } {
  const sc = span.spanContext();
  return isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : {};
}
