import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { unwrapResolverError } from "@apollo/server/errors";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.js";
import { createContext, type Context } from "./context.js";
import type { Logger } from "./logger.js";
import { buildContactsSchema } from "./schema.js";

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
    if (original instanceof GraphQLError || formatted.extensions?.code !== "INTERNAL_SERVER_ERROR") return formatted;
    logger.error({ err: { name: (original as Error)?.name, message: (original as Error)?.message }, path: formatted.path }, "unexpected error");
    return { message: "Internal server error.", locations: formatted.locations, path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

export async function createServer(config: Config, logger: Logger): Promise<ContactsServer> {
  const schema = await buildContactsSchema();
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The default landing page loads Apollo Sandbox from a CDN: useless offline.
      ApolloServerPluginLandingPageDisabled(),
      // Federated tracing (ftv1) for the router, installed explicitly; errors stay masked in traces.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
    ],
  });
  await apollo.start();

  // Liveness and readiness without calling any provider.
  app.get("/health", (_req, res) => {
    res.json({ status: "ok", sandbox: config.sandbox });
  });
  app.use(
    "/graphql",
    express.json({ limit: "256kb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(config, logger, req.header("x-request-id") || undefined),
    }),
  );

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
    stop: () => apollo.stop(),
  };
}
