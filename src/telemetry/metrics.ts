import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** Everything /metrics shows. Labels are bounded: provider labels, path templates, status codes, error codes. */
export interface Metrics {
  registry: Registry;
  upstreamCalls: Counter<"provider" | "method" | "path" | "status">;
  upstreamErrors: Counter<"provider" | "code">;
  upstreamDuration: Histogram<"provider" | "method" | "path">;
  graphqlRequests: Counter<"operation" | "outcome">;
  graphqlErrors: Counter<"code">;
  /** A createContact answered from the idempotency store instead of calling the provider. */
  idempotencyReplays: Counter<"provider">;
}

// prom-client throws when a name is registered twice in one registry: several servers in one
// process (tests, an embedding app) must share the metrics of a registry, not re-create them.
const byRegistry = new WeakMap<Registry, Metrics>();

export function metricsFor(registry: Registry): Metrics {
  const known = byRegistry.get(registry);
  if (known) return known;
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const created: Metrics = {
    registry,
    upstreamCalls: new Counter({
      name: "contacts_upstream_calls_total",
      help: "Calls to a provider, by provider, method, path template and HTTP status (none: no answer).",
      labelNames: ["provider", "method", "path", "status"],
      registers,
    }),
    upstreamErrors: new Counter({
      name: "contacts_upstream_errors_total",
      help: "Failed calls to a provider, by our error code.",
      labelNames: ["provider", "code"],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: "contacts_upstream_duration_seconds",
      help: "Time from sending a request to a provider to reading its whole answer.",
      labelNames: ["provider", "method", "path"],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    graphqlRequests: new Counter({
      name: "contacts_graphql_requests_total",
      help: "GraphQL requests, by operation type and outcome (ok or error).",
      labelNames: ["operation", "outcome"],
      registers,
    }),
    graphqlErrors: new Counter({
      name: "contacts_graphql_errors_total",
      help: "GraphQL errors returned, by extensions.code.",
      labelNames: ["code"],
      registers,
    }),
    idempotencyReplays: new Counter({
      name: "contacts_idempotency_replays_total",
      help: "createContact calls answered from the idempotency store, by provider.",
      labelNames: ["provider"],
      registers,
    }),
  };
  byRegistry.set(registry, created);
  return created;
}

/** The process's metrics, served at /metrics by every server in the process. */
export const metrics = metricsFor(new Registry());
