import type { ContactProvider } from "./graphql/enums.js";
import { CONNECTION_ID_RULE, isConnectionId } from "./providers/ids.js";
import { DEFAULT_MEMORY_BOUNDS, type MemoryStoreBounds } from "./idempotency/memory.js";
import { providerList } from "./providers/index.js";
import type { ProviderConfig, ProviderDefinition, RateWindow } from "./providers/types.js";

export interface Config {
  port: number;
  production: boolean;
  /** Serve GraphiQL to browsers at GET /graphql (GRAPHIQL; default on outside production). */
  graphiql: boolean;
  /** No provider configured outside production: every provider is served by its built-in simulator. */
  sandbox: boolean;
  redisUrl?: string;
  logLevel: string;
  /** OTEL_TRACES: console prints spans (development); off (default) leaves tracing to the embedding code. */
  traces?: "off" | "console";
  providers: Partial<Record<ContactProvider, ProviderConfig>>;
  /** Bounds of the in-process idempotency store (IDEMPOTENCY_MEMORY_MAX_KEYS, IDEMPOTENCY_MEMORY_MAX_MB). */
  idempotencyMemory?: MemoryStoreBounds;
  /** Prefix of every idempotency key in Redis (REDIS_KEY_PREFIX). */
  redisKeyPrefix?: string;
  /** The router's shared secret (ROUTER_SECRET): /graphql refuses requests without it. */
  routerSecret?: string;
  /** `<PREFIX>_ALLOWED_CONNECTIONS`: the only connection ids callers may use with that provider. */
  allowedConnections?: Partial<Record<ContactProvider, string[]>>;
  /** CORS_ORIGINS: browser origins allowed to call /graphql directly (local development without a router). */
  corsOrigins?: string[];
  /** What one GraphQL request may ask for (src/limits.ts). */
  limits?: { maxDepth: number; maxCost: number; maxCreatesPerOperation: number; maxAliases: number; maxTokens: number };
  /** SHUTDOWN_TIMEOUT_MS: how long requests in flight get to finish after SIGTERM/SIGINT (src/index.ts). */
  shutdownTimeoutMs: number;
  /** Rate budgets, circuit breakers and bounded fan-out (src/guard). */
  guard: GuardConfig;
}

export interface GuardConfig {
  /** Per provider: the budgets in force (`<PREFIX>_RATE_LIMIT`) and the reads in flight per process (`<PREFIX>_READ_CONCURRENCY`). */
  providers: Record<ContactProvider, { rate: RateWindow[]; readConcurrency: number }>;
  /** How long a call may wait for its budget to free a slot before it is answered PROVIDER_RATE_LIMITED (RATE_LIMIT_MAX_WAIT_MS). */
  maxWaitMs: number;
  /** How late a call may reach the provider: it counts in every window it may land in (RATE_LIMIT_MARGIN_MS). */
  marginMs: number;
  /** Consecutive outage failures (refused, timeout, 5xx) that open a provider's circuit (CIRCUIT_FAILURES). */
  circuitFailures: number;
  /** How long an open circuit answers at once before one probe call is let through (CIRCUIT_COOLDOWN_MS). */
  circuitCooldownMs: number;
  /** Representations one `_entities` call may carry (MAX_ENTITY_REFERENCES). */
  maxEntityReferences: number;
}

/** A bad value in the environment. Start-up prints the message (one line, naming the variable) and exits. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

const DEFAULT_TIMEOUT_MS = 10_000;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const set = (env: Env, name: string) => {
  const v = env[name];
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
};

/**
 * For variables whose absence means less protection (no router check, any connection, no shared
 * idempotency): set but blank is a missing secret or a broken template, not a choice. Refused.
 */
function setOrRefuseBlank(env: Env, name: string, unsetMeans: string): string | undefined {
  if (env[name] !== undefined && env[name]!.trim() === "")
    throw new ConfigError(`${name} is set but empty: give it a value, or unset it for ${unsetMeans}.`);
  return set(env, name);
}

/** Shorter secrets can be guessed; the value is never echoed in the error. */
const MIN_ROUTER_SECRET_LENGTH = 16;

function routerSecret(env: Env): string | undefined {
  const secret = setOrRefuseBlank(env, "ROUTER_SECRET", "no router check");
  if (secret === undefined) return undefined;
  if (secret.length < MIN_ROUTER_SECRET_LENGTH)
    throw new ConfigError(
      `ROUTER_SECRET must be at least ${MIN_ROUTER_SECRET_LENGTH} characters (e.g. openssl rand -hex 32), got ${secret.length}.`,
    );
  // The router sends it as a header value: anything else could never match, and every request would be refused.
  if (!/^[\x20-\x7e]+$/.test(secret))
    throw new ConfigError("ROUTER_SECRET must be printable ASCII: it travels in the Router-Authorization header.");
  return secret;
}

/** "Production", "prod", "production " run as development (sandbox, GraphiQL, introspection, http upstreams): refused. */
function isProduction(env: Env): boolean {
  const value = env.NODE_ENV;
  if (value === "production") return true;
  if (value !== undefined && /^\s*(prod|production|prd)\s*$/i.test(value))
    throw new ConfigError(`NODE_ENV must be exactly "production" to run in production, got ${shown(value)}.`);
  return false;
}

/**
 * A value as a configuration error quotes it: one line, bounded, and never a URL's user or password
 * (REDIS_URL and a mistyped base URL carry them).
 */
export function shown(value: string): string {
  const line = value.replace(/\/\/[^/@\s]*@/g, "//[credentials]@");
  const bounded = line.length > 80 ? `${line.slice(0, 80)}…` : line;
  return JSON.stringify(bounded);
}

function parseUrl(name: string, value: string, production: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: ${shown(value)}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ConfigError(`${name} must be an http(s) URL, got "${url.protocol}".`);
  if (url.username || url.password) throw new ConfigError(`${name} must not carry credentials; use the provider's key variable.`);
  if (url.search || url.hash) throw new ConfigError(`${name} must not carry a query string or fragment.`);
  if (production && url.protocol !== "https:" && !LOOPBACK.has(url.hostname))
    throw new ConfigError(`${name} must use https in production (only loopback may use http).`);
  return url;
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${shown(value)}.`);
  return n;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value !== "true" && value !== "false") throw new ConfigError(`${name} must be "true" or "false", got ${shown(value)}.`);
  return value === "true";
}

function providerConfig(def: ProviderDefinition, env: Env, production: boolean): ProviderConfig | undefined {
  const { prefix, credentials, connection, defaultBaseUrl } = def.env;
  const names = {
    baseUrl: `${prefix}_BASE_URL`,
    timeout: `${prefix}_TIMEOUT_MS`,
    connection: connection && `${prefix}_${connection}`,
    credentials: credentials.map((c) => `${prefix}_${c}`),
  };
  // Checked even for an unconfigured provider: a typo must not wait for the day credentials are set.
  const timeoutMs = parseInteger(names.timeout, set(env, names.timeout), DEFAULT_TIMEOUT_MS, 100, 120_000);
  const given = names.credentials.filter((n) => set(env, n));
  const others = [names.baseUrl, names.connection].filter((n): n is string => !!n && !!set(env, n));
  if (given.length === 0) {
    if (others.length > 0)
      throw new ConfigError(`${others[0]} is set but ${names.credentials[0]} is not: set both to configure ${def.label}, or neither.`);
    return undefined;
  }
  const missing = names.credentials.find((n) => !set(env, n));
  if (missing) throw new ConfigError(`${missing} is not set: ${def.label} needs ${names.credentials.join(" and ")}.`);
  // The default connection goes into a header or a query, as a caller's connectionId does.
  const connectionId = names.connection && set(env, names.connection);
  if (connectionId && !isConnectionId(connectionId)) throw new ConfigError(`${names.connection} must be ${CONNECTION_ID_RULE}.`);
  return {
    baseUrl: parseUrl(names.baseUrl, set(env, names.baseUrl) ?? defaultBaseUrl, production),
    credentials: Object.fromEntries(credentials.map((c, i) => [c, set(env, names.credentials[i])!])),
    defaultConnectionId: connectionId || undefined,
    timeoutMs,
    sandbox: false,
  };
}

const UNITS: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, hour: 3600, d: 86_400, day: 86_400 };

/** `10/s,60/min`, `1000/day`, `5/10s`, or `none`. */
export function parseRateLimit(name: string, value: string): RateWindow[] {
  if (value === "none") return [];
  return value.split(",").map((part) => {
    const match = /^(\d+)\/(\d*)([a-z]+)$/.exec(part.trim());
    const requests = Number(match?.[1]);
    const seconds = Number(match?.[2] || 1) * (UNITS[match?.[3] ?? ""] ?? NaN);
    if (!match || !(requests >= 1 && requests <= 1_000_000_000) || !(seconds >= 1 && seconds <= 7 * 86_400))
      throw new ConfigError(
        `${name} must be "none" or a comma-separated list like "10/s,60/min" (windows from 1 s to 7 days), got ${shown(value)}.`,
      );
    return { requests, seconds };
  });
}

/**
 * Each provider's documented budgets unless `<PREFIX>_RATE_LIMIT` says otherwise. In sandbox mode the
 * simulators limit nothing, so nothing is paced unless a variable asks for it.
 */
function guardConfig(env: Env, sandbox: boolean): GuardConfig {
  const providers = {} as GuardConfig["providers"];
  for (const definition of providerList) {
    const { prefix } = definition.env;
    const { plans } = definition.limits;
    let rate = [...definition.limits.rate];
    if (plans) {
      const name = `${prefix}_${plans.variable}`;
      const plan = set(env, name) ?? plans.default;
      if (!Object.hasOwn(plans.rate, plan))
        throw new ConfigError(`${name} must be one of ${Object.keys(plans.rate).join(", ")}, got ${shown(plan)}.`);
      rate = [...plans.rate[plan]];
    }
    const explicit = set(env, `${prefix}_RATE_LIMIT`);
    if (explicit !== undefined) rate = parseRateLimit(`${prefix}_RATE_LIMIT`, explicit);
    else if (sandbox) rate = [];
    const readConcurrency = parseInteger(
      `${prefix}_READ_CONCURRENCY`,
      set(env, `${prefix}_READ_CONCURRENCY`),
      definition.limits.readConcurrency,
      1,
      100,
    );
    providers[definition.id] = { rate, readConcurrency };
  }
  return {
    providers,
    maxWaitMs: parseInteger("RATE_LIMIT_MAX_WAIT_MS", set(env, "RATE_LIMIT_MAX_WAIT_MS"), 2000, 0, 60_000),
    marginMs: parseInteger("RATE_LIMIT_MARGIN_MS", set(env, "RATE_LIMIT_MARGIN_MS"), 250, 0, 5_000),
    circuitFailures: parseInteger("CIRCUIT_FAILURES", set(env, "CIRCUIT_FAILURES"), 5, 1, 1000),
    circuitCooldownMs: parseInteger("CIRCUIT_COOLDOWN_MS", set(env, "CIRCUIT_COOLDOWN_MS"), 30_000, 100, 3_600_000),
    maxEntityReferences: parseInteger("MAX_ENTITY_REFERENCES", set(env, "MAX_ENTITY_REFERENCES"), 250, 1, 10_000),
  };
}

/** Reads and validates the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const production = isProduction(env);
  const providers: Config["providers"] = {};
  for (const def of providerList) {
    const cfg = providerConfig(def, env, production);
    if (cfg) providers[def.id] = cfg;
  }
  const redisUrl = setOrRefuseBlank(env, "REDIS_URL", "the in-process store");
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL must start with redis:// or rediss://.`);
  if (redisUrl && !URL.canParse(redisUrl)) throw new ConfigError(`REDIS_URL is not a valid URL: ${shown(redisUrl)}.`);
  const logLevel = set(env, "LOG_LEVEL") ?? "info";
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got ${shown(logLevel)}.`);
  const traces = set(env, "OTEL_TRACES") ?? "off";
  if (traces !== "off" && traces !== "console") throw new ConfigError(`OTEL_TRACES must be console or off, got ${shown(traces)}.`);
  const sandbox = !production && Object.keys(providers).length === 0;
  return {
    port: parseInteger("PORT", set(env, "PORT"), 4001, 0, 65_535),
    production,
    graphiql: parseBoolean("GRAPHIQL", set(env, "GRAPHIQL"), !production),
    sandbox,
    redisUrl,
    logLevel,
    traces,
    providers,
    redisKeyPrefix: set(env, "REDIS_KEY_PREFIX") ?? "contacts-subgraph:",
    idempotencyMemory: {
      maxKeys: parseInteger(
        "IDEMPOTENCY_MEMORY_MAX_KEYS",
        set(env, "IDEMPOTENCY_MEMORY_MAX_KEYS"),
        DEFAULT_MEMORY_BOUNDS.maxKeys,
        1,
        10_000_000,
      ),
      maxBytes:
        parseInteger(
          "IDEMPOTENCY_MEMORY_MAX_MB",
          set(env, "IDEMPOTENCY_MEMORY_MAX_MB"),
          DEFAULT_MEMORY_BOUNDS.maxBytes / 1024 / 1024,
          1,
          1_000_000,
        ) *
        1024 *
        1024,
    },
    routerSecret: routerSecret(env),
    allowedConnections: allowedConnections(env),
    corsOrigins: corsOrigins(env),
    limits: {
      maxDepth: parseInteger("MAX_QUERY_DEPTH", set(env, "MAX_QUERY_DEPTH"), 8, 2, 100),
      maxCost: parseInteger("MAX_QUERY_COST", set(env, "MAX_QUERY_COST"), 5000, 10, 1_000_000),
      maxCreatesPerOperation: parseInteger("MAX_CREATES_PER_OPERATION", set(env, "MAX_CREATES_PER_OPERATION"), 5, 1, 100),
      maxAliases: parseInteger("MAX_QUERY_ALIASES", set(env, "MAX_QUERY_ALIASES"), 15, 1, 1000),
      maxTokens: parseInteger("MAX_QUERY_TOKENS", set(env, "MAX_QUERY_TOKENS"), 2000, 100, 1_000_000),
    },
    guard: guardConfig(env, sandbox),
    // Default 10 s: with the 2 s to answer and close that follow, well inside Kubernetes' 30 s grace period.
    shutdownTimeoutMs: parseInteger("SHUTDOWN_TIMEOUT_MS", set(env, "SHUTDOWN_TIMEOUT_MS"), 10_000, 0, 120_000),
  };
}

/**
 * `CORS_ORIGINS=http://localhost:5173,...`: exact origins, as a browser sends them in `Origin`
 * (scheme, host, port; no path, no trailing slash). No `*`: listing the origins is the point.
 */
function corsOrigins(env: Env): string[] | undefined {
  const origins = set(env, "CORS_ORIGINS")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of origins ?? []) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin)
      throw new ConfigError(
        `CORS_ORIGINS must list origins like http://localhost:5173 (scheme, host and port only), got ${shown(origin)}.`,
      );
  }
  return origins;
}

/** `<PREFIX>_ALLOWED_CONNECTIONS=acc1,acc2`, only for providers scoped by a connection. */
function allowedConnections(env: Env): Config["allowedConnections"] {
  const out: Config["allowedConnections"] = {};
  for (const def of providerList) {
    const name = `${def.env.prefix}_ALLOWED_CONNECTIONS`;
    if (env[name] === undefined) continue;
    const ids = env[name]!.split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    // Blank or only commas would allow every connection: the opposite of what setting it asks for.
    if (ids.length === 0)
      throw new ConfigError(`${name} is set but lists no connection id: list them (comma-separated), or unset it to allow any.`);
    if (def.connection === "none") throw new ConfigError(`${name} is set but ${def.label} has no connections.`);
    const bad = ids.find((id) => !isConnectionId(id));
    if (bad !== undefined) throw new ConfigError(`${name} lists ${shown(bad)}: each must be ${CONNECTION_ID_RULE}.`);
    out[def.id] = ids;
  }
  return out;
}
