// Hive Gateway configuration for a supergraph with contacts-subgraph in it: what a platform team
// copies. `hive-gateway supergraph supergraph.graphql -c gateway.config.ts` (see README, Deploy);
// test/federation/hive-gateway.test.ts runs this very file.
import { defineConfig } from "@graphql-hive/gateway";
import { Kind, OperationTypeNode, type DocumentNode } from "graphql";

const isMutation = (document: DocumentNode) =>
  document.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.MUTATION,
  );

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      // W3C trace context from the client, so the subgraph's spans (and its provider calls) join the trace.
      const headers: Record<string, string | null> = {
        traceparent: request.headers.get("traceparent"),
        tracestate: request.headers.get("tracestate"),
      };
      // The shared secret is the gateway's, never the client's: contacts-subgraph refuses requests without it (ROUTER_SECRET).
      if (subgraphName === "contacts") headers["router-authorization"] = process.env.CONTACTS_ROUTER_SECRET ?? null;
      return headers;
    },
  },
  // Above the subgraph's own budget (<PROVIDER>_TIMEOUT_MS, 10 s by default): the subgraph then answers
  // a slow provider itself, with `outcome: UNKNOWN`, instead of the gateway cutting the create off.
  upstreamTimeout: 15_000,
  // Retry reads only. A retried createContact could create twice when no idempotencyKey was sent.
  upstreamRetry: ({ executionRequest }) => (isMutation(executionRequest.document) ? undefined : { maxRetries: 2, retryDelay: 200 }),
});
