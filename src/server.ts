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
import { Guards } from "./guard/index.js";
import { variablePathsPlugin, withRepresentationPath } from "./graphql/bad-input.js";
import { RedisIdempotencyStore } from "./idempotency/redis.js";
import { createIdempotencyStore } from "./idempotency/store.js";
import { graphqlHandler } from "./http/graphql-handler.js";
import { limitProtections } from "./limits.js";
import { createUpstreamPool } from "./providers/http.js";
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
  /**
   * Stops accepting connections, closes idle keep-alive ones at once and lets requests in flight
   * finish for `config.shutdownTimeoutMs`. Then calls still waiting on a provider are abandoned, so
   * their requests answer an error (a create: outcome UNKNOWN), and after ANSWER_GRACE_MS more the
   * connections left are cut. Then the store and the provider pool close: nothing stays open.
   */
  stop(): Promise<void>;
}

/** After the drain deadline: time for abandoned requests to write their error before connections are cut. */
export const ANSWER_GRACE_MS = 1_000;

/** The reason a call in flight at the drain deadline fails. Named like a timeout: nothing retries it. */
class ShutdownDeadline extends Error {
  override name = "TimeoutError";
  code = "SHUTDOWN_DEADLINE";
}

/** graphql-js ends a message with its suggestions: unknown fields, arguments, types, input fields, enum values. */
const SUGGESTION = / ?Did you mean .*\?$/s;

/**
 * Errors we raise on purpose are GraphQLErrors with a literal code. Anything else is a bug: the
 * caller gets a generic message and the log gets the error name, never a stack or upstream body.
 * With `hideSuggestions` (wherever introspection is off), no "Did you mean" names a part of the
 * schema the caller did not send: in validation and in variable coercion errors alike, since every
 * error of a response passes here.
 */
export function formatError(logger: Logger, options: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (formatted.extensions?.code !== "INTERNAL_SERVER_ERROR") {
      const answered = withRepresentationPath(formatted);
      return options.hideSuggestions && SUGGESTION.test(answered.message)
        ? { ...answered, message: answered.message.replace(SUGGESTION, "") }
        : answered;
    }
    // A GraphQLError here is graphql-js failing a value (an output scalar, a null): its message quotes
    // the value, which may be a provider's text. Its name and path say where; a bug's message says what.
    const { name, message } = (original ?? {}) as Partial<Error>;
    logger.error(
      { err: { name, message: original instanceof GraphQLError ? undefined : message }, path: formatted.path },
      "unexpected error",
    );
    return {
      message: "Internal server error.",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
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
  // Budgets share the idempotency store's Redis connection: one per server, closed with the store.
  const guards = new Guards(config, logger, idempotency instanceof RedisIdempotencyStore ? idempotency.redis : undefined);
  await guards.ready();
  const upstreamPool = createUpstreamPool();
  // Decided here, not by Apollo from process.env.NODE_ENV: the schema is hidden exactly when config says production.
  const introspection = !config.production;
  const apollo = new ApolloServer<Context>({
    schema,
    introspection,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger, { hideSuggestions: !introspection }),
    // Shutdown is ours (src/index.ts): Apollo's own SIGTERM handler races ours, and a second stop()
    // during the first waits on a barrier Apollo never resolves (@apollo/server 5.5): the process hung.
    stopOnTerminationSignals: false,
    plugins: [
      ...limits.plugins,
      // Variables that do not fit the schema: extensions.field holds the path (src/graphql/bad-input.ts).
      variablePathsPlugin(),
      // Ends idle keep-alive connections at once and the others after their response; cuts what is left after the grace.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs + ANSWER_GRACE_MS }),
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
    // A provider that is down does not make this replica unhealthy: its callers are answered at once.
    res.json({ status: "ok", sandbox: config.sandbox, openCircuits: guards.openCircuits() });
  });
  app.get("/metrics", metricsHandler);
  // Browsers opening /graphql get GraphiQL (offline, assets from node_modules); everything else goes on to Apollo.
  if (config.graphiql) app.use(graphiqlRouter("/graphql"));
  handleGraphQL = graphqlHandler(apollo, {
    authorize: routerSecretCheck(config),
    context: (requestId) => createContext(config, logger, requestId, idempotency, upstreamPool, guards),
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
      const abandon = setTimeout(
        () => void upstreamPool.destroy(new ShutdownDeadline("The server is shutting down.")),
        config.shutdownTimeoutMs,
      );
      try {
        await apollo.stop();
      } finally {
        clearTimeout(abandon);
      }
      // Every request is answered or cut: a call still running belongs to a cut one.
      await Promise.all([upstreamPool.destroy(), idempotency.close()]);
    },
  };
}
