import { ROOT_CONTEXT, type Context as TraceContext } from "@opentelemetry/api";
import type { Logger } from "../logger.js";

/**
 * What one GraphQL request shares with the upstream calls it makes: our request id, the logger
 * bound to it, and the trace context of the operation span (set by the telemetry plugin once the
 * request starts, read by each upstream call when it is sent).
 */
export interface RequestTelemetry {
  requestId: string;
  logger: Logger;
  trace: TraceContext;
}

export const createRequestTelemetry = (requestId: string, logger: Logger): RequestTelemetry => ({ requestId, logger, trace: ROOT_CONTEXT });
