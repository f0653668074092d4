import { randomUUID } from "node:crypto";
import type { Config } from "./config.js";
import { notConfigured } from "./errors.js";
import type { ContactProvider } from "./graphql/enums.js";
import { createContactLoader, type ContactLoader } from "./loaders.js";
import { MemoryIdempotencyStore } from "./idempotency/memory.js";
import type { IdempotencyStore } from "./idempotency/types.js";
import type { Logger } from "./logger.js";
import { createRequestTelemetry, type RequestTelemetry } from "./telemetry/scope.js";
import type { Dispatcher } from "undici";
import { Upstream } from "./providers/http.js";
import { providers } from "./providers/index.js";
import type { ContactClient, ProviderConfig, ProviderDefinition } from "./providers/types.js";

export interface Context {
  config: Config;
  logger: Logger;
  requestId: string;
  /** Our request id, logger and operation span, handed to every upstream call (src/telemetry). */
  telemetry: RequestTelemetry;
  /** The server's idempotency store (in-process or Redis), shared by all its requests. */
  idempotency: IdempotencyStore;
  /** The provider's configuration, or PROVIDER_NOT_CONFIGURED. */
  providerConfig(provider: ContactProvider): ProviderConfig;
  /** The transport bound to a provider (cheap: the connection pool is shared by the process). */
  upstream(provider: ContactProvider): Upstream;
  /** A provider client for this request. */
  client(provider: ContactProvider): ContactClient;
  /** Federation entity reads for this request, batched and de-duplicated (src/loaders.ts). */
  readonly contacts: ContactLoader;
}

function configuredOrThrow(config: Config, def: ProviderDefinition): ProviderConfig {
  const cfg = config.providers[def.id];
  if (!cfg) {
    const vars = def.env.credentials.map((c) => `${def.env.prefix}_${c}`).join(" and ");
    throw notConfigured(def.label, `set ${vars}.`);
  }
  return cfg;
}

/** Built once per GraphQL request: clients and loaders never outlive it. */
/** `idempotency`: the server's store; a context made outside a server (client tests) gets its own. */
/** `upstreamPool`: the server's connections to providers, closed by its stop(). */
export function createContext(
  config: Config, logger: Logger, requestId: string = randomUUID(), idempotency: IdempotencyStore = new MemoryIdempotencyStore(), upstreamPool?: Dispatcher,
): Context {
  const child = logger.child({ requestId });
  const upstreams = new Map<ContactProvider, Upstream>();
  const clients = new Map<ContactProvider, ContactClient>();
  let contacts: ContactLoader | undefined;
  const ctx: Context = {
    config,
    logger: child,
    requestId,
    telemetry: createRequestTelemetry(requestId, child),
    idempotency,
    providerConfig: (provider) => configuredOrThrow(config, providers[provider]),
    upstream(provider) {
      let upstream = upstreams.get(provider);
      if (!upstream) {
        const def = providers[provider];
        const cfg = configuredOrThrow(config, def);
        upstream = new Upstream({
          provider: def.label,
          baseUrl: cfg.baseUrl,
          timeoutMs: cfg.timeoutMs,
          authorize: () => def.auth.headers(cfg, { logger: child, telemetry: ctx.telemetry, dispatcher: upstreamPool }),
          authHeaderNames: def.auth.headerNames,
          parseError: def.parseError,
          requestIdOf: def.requestIdOf,
          responseHeaders: def.responseHeaders,
          logger: child,
          telemetry: ctx.telemetry,
          dispatcher: upstreamPool,
        });
        upstreams.set(provider, upstream);
      }
      return upstream;
    },
    client(provider) {
      let client = clients.get(provider);
      if (!client) {
        client = providers[provider].createClient(ctx.upstream(provider), ctx.providerConfig(provider));
        clients.set(provider, client);
      }
      return client;
    },
    get contacts() {
      return (contacts ??= createContactLoader(ctx));
    },
  };
  return ctx;
}
