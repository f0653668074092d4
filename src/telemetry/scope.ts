import { ROOT_CONTEXT, type Context as TraceContext } from "@opentelemetry/api";
import type { Logger } from "../logger.js";

/** One upstream call as the request's log line carries it: ids, codes and timings, nothing personal. */
export interface UpstreamCallLine {
  provider: string;
  connectionId?: string;
  method: string;
  path: string;
  status?: number;
  durationMs: number;
  upstreamRequestId?: string;
  errorCode?: string;
  error?: string;
  traceId?: string;
  spanId?: string;
}

/**
 * What one GraphQL request shares with the upstream calls it makes: our request id, the logger
 * bound to it, the trace context of the operation span (set by the telemetry plugin once the
 * request starts, read by each upstream call when it is sent), and the calls made so far, which
 * the request's one log line carries (`open` while the telemetry plugin has that line to write; a
 * call made outside a GraphQL request, or ending after its line, is logged on its own).
 */
export interface RequestTelemetry {
  requestId: string;
  logger: Logger;
  trace: TraceContext;
  calls?: UpstreamCallLine[];
  open: boolean;
}

export const createRequestTelemetry = (requestId: string, logger: Logger): RequestTelemetry => ({
  requestId,
  logger,
  trace: ROOT_CONTEXT,
  calls: undefined,
  open: false,
});
