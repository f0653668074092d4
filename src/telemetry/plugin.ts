import type { ApolloServerPlugin } from "@apollo/server";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { GraphQLFormattedError } from "graphql";
import { metrics } from "./metrics.js";
import type { RequestTelemetry } from "./scope.js";
import { isWarning } from "./upstream-call.js";
import { extractTraceContext, flushTracing, traceIds, tracer } from "./tracing.js";

// Operation names are chosen by clients: keep a runaway one from bloating every line.
const short = (name: string | null | undefined) => (name ? name.slice(0, 100) : undefined);

/**
 * Per GraphQL request: a server span continuing the router's traceparent, one log line carrying
 * the upstream calls it made (warn when one failed for a reason other than the caller's data),
 * metrics, and our request id in every error's extensions. Only codes are recorded, never error messages
 * or variables: a coercion error message echoes the caller's input.
 */
export function telemetryPlugin(): ApolloServerPlugin<{ telemetry: RequestTelemetry }> {
  return {
    async serverWillStart() {
      return { serverWillStop: flushTracing };
    },
    async requestDidStart({ request, contextValue }) {
      const scope = contextValue.telemetry;
      const started = performance.now();
      const parent = extractTraceContext(request.http?.headers);
      const span = tracer().startSpan("graphql", { kind: SpanKind.SERVER, attributes: { "contacts.request_id": scope.requestId } }, parent);
      scope.trace = trace.setSpan(parent, span);
      scope.open = true;
      let operationType: string | undefined;
      let operationName: string | undefined;
      return {
        async didResolveOperation(rc) {
          operationType = rc.operation?.operation ?? "query";
          operationName = short(rc.operationName);
          span.updateName(operationName ? `${operationType} ${operationName}` : operationType);
          span.setAttributes({ "graphql.operation.type": operationType, "graphql.operation.name": operationName });
        },
        async willSendResponse({ response }) {
          const body = response.body;
          const result = body.kind === "single" ? body.singleResult : body.initialResult;
          const errors: readonly GraphQLFormattedError[] = result.errors ?? [];
          const errorCodes = errors.map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          if (errors.length) result.errors = errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: scope.requestId } }));

          metrics.graphqlRequests.inc({ operation: operationType ?? "none", outcome: errors.length ? "error" : "ok" });
          for (const code of errorCodes) metrics.graphqlErrors.inc({ code });
          const durationMs = Math.round(performance.now() - started);
          const upstream = scope.calls;
          scope.open = false;
          const line = {
            operationType,
            operationName,
            httpStatus: response.http.status ?? 200,
            durationMs,
            errorCodes,
            ...traceIds(span),
            upstream,
          };
          scope.logger[upstream?.some(isWarning) ? "warn" : "info"](line, "graphql request");

          if (errors.length) {
            span.setAttribute("contacts.error_codes", errorCodes);
            span.setStatus({ code: SpanStatusCode.ERROR, message: errorCodes.join(",") });
          }
          span.end();
        },
      };
    },
  };
}
