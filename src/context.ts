import { randomUUID } from "node:crypto";
import type { Config } from "./config.js";
import { notConfigured } from "./errors.js";
import type { ContactProvider } from "./graphql/enums.js";
import { Guards } from "./guard/index.js";
import { createContactLoader, type ContactLoader } from "./loaders.js";
import { MemoryIdempotencyStore } from "./idempotency/memory.js";
import type { IdempotencyStore } from "./idempotency/types.js";
import type { Logger } from "./logger.js";
import { createRequestTelemetry, type RequestTelemetry } from "./telemetry/scope.js";
import type { Dispatcher } from "undici";
import { Upstream } from "./providers/http.js";
import { providerList, providers } from "./providers/index.js";
import type { ContactClient, ProviderConfig, ProviderDefinition } from "./providers/types.js";

export interface Context {
  config: Config;
  logger: Logger;
  requestId: string;
  /** Our request id, logger and operation span, handed to every upstream call (src/telemetry). */
  telemetry: RequestTelemetry;
  /** The server's idempotency store (in-process or Redis), shared by all its requests. */
  idempotency: IdempotencyStore;
  /** The server's rate budgets, circuits and read bulkheads, shared by all its requests (src/guard). */
  guards: Guards;
  /** The provider's configuration, or PROVIDER_NOT_CONFIGURED. */
  providerConfig(provider: ContactProvider): ProviderConfig;
  /** The transport bound to a provider (cheap: the connection pool is shared by the process). */
  upstream(provider: ContactProvider): Upstream;
  /** A provider client for this request. */
  client(provider: ContactProvider): ContactClient;
  /** Federation entity reads for this request, batched and de-duplicated (src/loaders.ts). */
  readonly contacts: ContactLoader;
}

// Every credential of every provider and the router's, once per configuration; then what each
// provider derives from its own (a Basic value, an exchanged token: `auth.secrets`), read when needed.
const configuredSecrets = new WeakMap<Config, readonly string[]>();
function secretsOf(config: Config): readonly string[] {
  let configured = configuredSecrets.get(config);
  if (!configured) {
    const credentials = Object.values(config.providers).flatMap((provider) => Object.values(provider?.credentials ?? {}));
    configured = [...credentials, ...(config.routerSecret ? [config.routerSecret] : [])].filter(Boolean);
    configuredSecrets.set(config, configured);
  }
  const derived = providerList.flatMap((def) => {
    const providerConfig = config.providers[def.id];
    return providerConfig && def.auth.secrets ? def.auth.secrets(providerConfig) : [];
  });
  return derived.length ? [...configured, ...derived] : configured;
}

function configuredOrThrow(config: Config, def: ProviderDefinition): ProviderConfig {
  const cfg = config.providers[def.id];
  if (!cfg) {
    const vars = def.env.credentials.map((c) => `${def.env.prefix}_${c}`).join(" and ");
    throw notConfigured(def.label, `set ${vars}.`);
  }
  return cfg;
}

/**
 * Built once per GraphQL request: clients and loaders never outlive it, and are made only when a
 * resolver asks for them. A class, because Apollo copies the context of each request with
 * Object.assign: with the methods and the `contacts` getter on the prototype, that copy is a few
 * references, and the loader is not built by the copy reading the getter (as it was for every
 * request when they were own properties).
 */
class RequestContext implements Context {
  readonly logger: Logger;
  readonly telemetry: RequestTelemetry;
  private readonly upstreams = new Map<ContactProvider, Upstream>();
  private readonly clients = new Map<ContactProvider, ContactClient>();
  private loader?: ContactLoader;

  constructor(
    readonly config: Config,
    logger: Logger,
    readonly requestId: string,
    readonly idempotency: IdempotencyStore,
    readonly guards: Guards,
    private readonly upstreamPool?: Dispatcher,
  ) {
    this.logger = logger.child({ requestId });
    this.telemetry = createRequestTelemetry(requestId, this.logger);
  }

  providerConfig(provider: ContactProvider): ProviderConfig {
    return configuredOrThrow(this.config, providers[provider]);
  }

  upstream(provider: ContactProvider): Upstream {
    let upstream = this.upstreams.get(provider);
    if (!upstream) {
      const def = providers[provider];
      const cfg = configuredOrThrow(this.config, def);
      const { logger, telemetry, upstreamPool: dispatcher, config } = this;
      const secrets = () => secretsOf(config);
      const guard = this.guards.forProvider(provider, cfg);
      upstream = new Upstream({
        provider: def.label,
        baseUrl: cfg.baseUrl,
        timeoutMs: cfg.timeoutMs,
        // A token exchange is a call too: it draws from the same budget and circuit.
        authorize: () => def.auth.headers(cfg, { logger, telemetry, dispatcher, secrets, guard }),
        authHeaderNames: def.auth.headerNames,
        parseError: def.parseError,
        requestIdOf: def.requestIdOf,
        responseHeaders: def.responseHeaders,
        logger,
        telemetry,
        secrets,
        dispatcher,
        guard,
      });
      this.upstreams.set(provider, upstream);
    }
    return upstream;
  }

  client(provider: ContactProvider): ContactClient {
    let client = this.clients.get(provider);
    if (!client) {
      client = providers[provider].createClient(this.upstream(provider), this.providerConfig(provider));
      this.clients.set(provider, client);
    }
    return client;
  }

  get contacts(): ContactLoader {
    this.loader ??= createContactLoader(this);
    return this.loader;
  }
}

/** `idempotency`, `guards`: the server's; a context made outside a server (client tests) gets its own, in-process. */
/** `upstreamPool`: the server's connections to providers, closed by its stop(). */
export function createContext(
  config: Config,
  logger: Logger,
  requestId: string = randomUUID(),
  idempotency: IdempotencyStore = new MemoryIdempotencyStore(),
  upstreamPool?: Dispatcher,
  guards: Guards = new Guards({ ...config, redisUrl: undefined }),
): Context {
  return new RequestContext(config, logger, requestId, idempotency, guards, upstreamPool);
}
