import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from "@opentelemetry/api";
import type { Counter, Histogram } from "prom-client";
import type { Logger } from "../logger.js";
import { errorCodeOf } from "./error-code.js";
import { metrics } from "./metrics.js";
import type { RequestTelemetry, UpstreamCallLine } from "./scope.js";
import { traceHeaders, traceIds, tracer } from "./tracing.js";

/** Only what identifies the call: never the filled path, the query, a header value or a body. */
export interface UpstreamCallInfo {
  provider: string;
  connectionId?: string;
  method: string;
  /** The path template ("contacts/{id}"), so ids stay out of logs and metric labels. */
  path: string;
  host: string;
}

export interface UpstreamCallOutcome {
  /** Undefined when no answer came (network failure, timeout). */
  status?: number;
  upstreamRequestId?: string;
  /** The error the call ends with (its code is what the caller gets). */
  error?: Error;
  /** A short reason for the log line (ECONNREFUSED, "invalid JSON"); the error's name otherwise. */
  reason?: string;
  /** A read of a record the provider does not have: an answer, not a failure. */
  notFound?: boolean;
}

export interface UpstreamCall {
  /** traceparent / tracestate to send, continuing this call's span. */
  headers: Record<string, string>;
  end(outcome: UpstreamCallOutcome): void;
}

// Answers about the caller's data, not about the provider's health: logged at info, not warn.
const EXPECTED = new Set(["REJECTED_BY_PROVIDER", "DUPLICATE", "NOT_FOUND"]);

/** A call that failed for a reason the operator should look at (the provider's health, our configuration). */
export const isWarning = (call: UpstreamCallLine) => call.errorCode !== undefined && !EXPECTED.has(call.errorCode);

/**
 * The call metrics of one provider, method, path template and status, bound once: prom-client
 * otherwise hashes a label object on every inc and observe. The sets are few (providers × templates × statuses).
 */
const boundCallMetrics = new Map<string, { calls: Counter.Internal; duration: Histogram.Internal<string> }>();
function callMetrics(labels: { provider: string; method: string; path: string }, status: string) {
  const key = `${labels.provider}\u0000${labels.method}\u0000${labels.path}\u0000${status}`;
  let bound = boundCallMetrics.get(key);
  if (!bound) {
    bound = { calls: metrics.upstreamCalls.labels({ ...labels, status }), duration: metrics.upstreamDuration.labels(labels) };
    boundCallMetrics.set(key, bound);
  }
  return bound;
}

/**
 * One hop to a provider: a client span (child of the operation span), metrics, and its entry in
 * the `upstream` list of the request's log line (a line of its own when no request is open).
 */
export function startUpstreamCall(info: UpstreamCallInfo, scope?: RequestTelemetry, logger?: Logger): UpstreamCall {
  const started = performance.now();
  const base: Attributes = {
    "http.request.method": info.method,
    "url.template": info.path,
    "server.address": info.host,
    "contacts.provider": info.provider,
    "contacts.connection_id": info.connectionId,
    "contacts.request_id": scope?.requestId,
  };
  const parent = scope?.trace ?? ROOT_CONTEXT;
  const span = tracer().startSpan(`${info.method} ${info.path}`, { kind: SpanKind.CLIENT, attributes: base }, parent);
  const ids = traceIds(span);
  let ended = false;
  return {
    // No trace to continue (no tracer registered, nor one in the router's request): nothing to send.
    headers: ids.traceId ? traceHeaders(trace.setSpan(parent, span)) : {},
    end({ status, upstreamRequestId, error, reason: given, notFound }) {
      const seconds = (performance.now() - started) / 1000;
      const code = notFound ? "NOT_FOUND" : errorCodeOf(error);
      const reason = given ?? error?.name;
      const labels = { provider: info.provider, method: info.method, path: info.path };
      const bound = callMetrics(labels, status === undefined ? "none" : String(status));
      bound.calls.inc();
      bound.duration.observe(seconds);
      if (code) metrics.upstreamErrors.inc({ provider: info.provider, code });

      const line: UpstreamCallLine = {
        ...labels,
        connectionId: info.connectionId,
        status,
        durationMs: Math.round(seconds * 1000),
        upstreamRequestId,
        errorCode: code,
        error: reason,
        ...ids,
      };
      if (scope?.open) {
        scope.calls ??= [];
        scope.calls.push(line);
      } else (logger ?? scope?.logger)?.[isWarning(line) ? "warn" : "info"](line, "upstream call");

      // One report per call, retries included (each retried attempt has its own "upstream retry" warn line);
      // the guard only keeps a second report, should a future path make one, from ending the span twice.
      if (ended) return;
      ended = true;
      span.setAttributes({
        "http.response.status_code": status,
        "contacts.upstream_request_id": upstreamRequestId,
        "error.type": code ?? reason,
      });
      if (code) span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      span.end();
    },
  };
}
