import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { unwrapResolverError } from "@apollo/server/errors";
import cors from "cors";
import express from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { routerSecretCheck } from "./access.js";
import type { Config } from "./config.js";
import { createContext, type Context } from "./context.js";
import { graphiqlRouter } from "./graphiql/index.js";
import { variablePathsPlugin, withRepresentationPath } from "./graphql/bad-input.js";
import { createIdempotencyStore } from "./idempotency/store.js";
import { graphqlHandler } from "./http/graphql-handler.js";
import { limitProtections } from "./limits.js";
import type { Logger } from "./logger.js";
import { buildContactsSchema } from "./schema.js";
import { metricsHandler, requestIdMiddleware } from "./telemetry/express.js";
import { telemetryPlugin } from "./telemetry/plugin.js";
import { installTracing } from "./telemetry/tracing.js";

export interface ContactsServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Listens and returns the GraphQL URL. */
  listen(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Errors we raise on purpose are GraphQLErrors with a literal code. Anything else is a bug: the
 * caller gets a generic message and the log gets the error name, never a stack or upstream body.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GraphQLError || formatted.extensions?.code !== "INTERNAL_SERVER_ERROR") return withRepresentationPath(formatted);
    logger.error({ err: { name: (original as Error)?.name, message: (original as Error)?.message }, path: formatted.path }, "unexpected error");
    return { message: "Internal server error.", locations: formatted.locations, path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

export async function createServer(config: Config, logger: Logger): Promise<ContactsServer> {
  const schema = await buildContactsSchema();
  const app = express();
  app.disable("x-powered-by");
  // Before every route: each response, /health and /metrics included, carries x-request-id.
  app.use(requestIdMiddleware);
  installTracing(config.traces ?? "off");
  // POST /graphql, the hot path, skips express; everything else (GraphiQL, GET /graphql too) goes through it.
  let handleGraphQL: ReturnType<typeof graphqlHandler<Context>>;
  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method === "POST" && (req.url === "/graphql" || req.url?.startsWith("/graphql?"))) void handleGraphQL(req, res);
    else app(req, res);
  };
  // CORS_ORIGINS (local development without a router): the `cors` package answers preflights and
  // adds the headers for the listed origins, on /graphql only, before either path.
  const allowOrigins = config.corsOrigins?.length ? cors({ origin: config.corsOrigins, methods: ["GET", "POST"], maxAge: 600 }) : undefined;
  const httpServer = http.createServer((req, res) => {
    if (allowOrigins && req.url?.startsWith("/graphql")) allowOrigins(req, res, () => route(req, res));
    else route(req, res);
  });
  const limits = limitProtections(config);
  const idempotency = createIdempotencyStore(config, logger);
  const apollo = new ApolloServer<Context>({
    schema,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // src/index.ts owns SIGTERM/SIGINT. Apollo's own handlers (on outside NODE_ENV=test) re-raise the
    // signal into ours and raced our stop: a sandbox server never exited on SIGTERM.
    stopOnTerminationSignals: false,
    formatError: formatError(logger),
    plugins: [
      ...limits.plugins,
      // Variables that do not fit the schema: extensions.field holds the path (src/graphql/bad-input.ts).
      variablePathsPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The default landing page loads Apollo Sandbox from a CDN: useless offline.
      ApolloServerPluginLandingPageDisabled(),
      // No field sets cache hints: computing the policy for every response would be wasted work.
      ApolloServerPluginCacheControlDisabled(),
      // Federated tracing (ftv1) for the router, installed explicitly; errors stay masked in traces.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      // Per request: span continuing the router's traceparent, one log line, metrics, requestId in errors.
      telemetryPlugin(),
    ],
  });
  await apollo.start();

  // Liveness and readiness without calling any provider.
  app.get("/health", (_req, res) => {
    res.json({ status: "ok", sandbox: config.sandbox });
  });
  app.get("/metrics", metricsHandler);
  // Browsers opening /graphql get GraphiQL (offline, assets from node_modules); everything else goes on to Apollo.
  if (config.graphiql) app.use(graphiqlRouter("/graphql"));
  handleGraphQL = graphqlHandler(apollo, {
    authorize: routerSecretCheck(config),
    context: (requestId) => createContext(config, logger, requestId, idempotency),
    onError: (err) => logger.debug({ err: { name: err.name, code: (err as { code?: string }).code } }, "request aborted"),
  });
  app.use("/graphql", (req, res) => void handleGraphQL(req, res));

  return {
    app,
    httpServer,
    apollo,
    listen: (port = config.port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const { port: actual } = httpServer.address() as AddressInfo;
          resolve(`http://${host ?? "localhost"}:${actual}/graphql`);
        });
      }),
    stop: async () => {
      await apollo.stop();
      await idempotency.close();
    },
  };
}
