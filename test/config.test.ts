import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("configuration from the environment", () => {
  it("starts in sandbox mode with nothing configured outside production", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4001, sandbox: true, production: false, providers: {} });
  });

  it("never falls back to the sandbox in production", () => {
    expect(loadConfig({ NODE_ENV: "production" }).sandbox).toBe(false);
  });

  it("configures a provider from its credentials, with the documented default base URL", () => {
    const config = loadConfig({ STORA_TOKEN: "t" });
    expect(config.sandbox).toBe(false);
    expect(config.providers.STORA).toMatchObject({ credentials: { TOKEN: "t" }, timeoutMs: 10_000, sandbox: false });
    expect(config.providers.STORA!.baseUrl.href).toBe("https://public-api.stora.co/2025-09");
  });

  it("takes each provider's documented rate budgets, scoped as the provider scopes them, unless told otherwise", () => {
    const config = loadConfig({ STORA_TOKEN: "t" });
    expect(config.guard.providers).toEqual({
      STORA: {
        rate: [
          { requests: 10, seconds: 1 },
          { requests: 60, seconds: 60 },
        ],
        readConcurrency: 5,
      },
      MASIVO: { rate: [{ requests: 1000, seconds: 86_400 }], readConcurrency: 4 },
      STACKONE: { rate: [{ requests: 1000, seconds: 60 }], readConcurrency: 8 },
      GOMOBILE: {
        rate: [
          { requests: 5, seconds: 1 },
          { requests: 60, seconds: 60 },
        ],
        readConcurrency: 4,
      },
      ALLOY: { rate: [{ requests: 150, seconds: 60 }], readConcurrency: 3 },
    });
    expect(config.guard).toMatchObject({
      maxWaitMs: 2000,
      marginMs: 250,
      circuitFailures: 5,
      circuitCooldownMs: 30_000,
      maxEntityReferences: 250,
    });
    const tuned = loadConfig({
      STORA_TOKEN: "t",
      STORA_RATE_LIMIT: "5/s, 100/2min",
      MASIVO_ENVIRONMENT: "PROD",
      ALLOY_RATE_LIMIT: "none",
      GOMOBILE_READ_CONCURRENCY: "2",
    });
    expect(tuned.guard.providers.STORA.rate).toEqual([
      { requests: 5, seconds: 1 },
      { requests: 100, seconds: 120 },
    ]);
    expect(tuned.guard.providers.MASIVO.rate).toEqual([]);
    expect(tuned.guard.providers.ALLOY.rate).toEqual([]);
    expect(tuned.guard.providers.GOMOBILE.readConcurrency).toBe(2);
    // The sandbox's simulators limit nothing: nothing is paced there unless asked.
    expect(loadConfig({}).guard.providers.STORA.rate).toEqual([]);
    expect(loadConfig({ STORA_RATE_LIMIT: "2/s" }).guard.providers.STORA.rate).toEqual([{ requests: 2, seconds: 1 }]);
  });

  it.each([
    [{ PORT: "http" }, /^PORT must be a whole number/],
    [{ PORT: "70000" }, /^PORT must be a whole number from 0 to 65535/],
    [{ STORA_BASE_URL: "not a url", STORA_TOKEN: "t" }, /^STORA_BASE_URL is not a valid URL/],
    [{ STORA_BASE_URL: "ftp://x", STORA_TOKEN: "t" }, /^STORA_BASE_URL must be an http\(s\) URL/],
    [{ STORA_BASE_URL: "https://user:pw@x", STORA_TOKEN: "t" }, /^STORA_BASE_URL must not carry credentials/],
    [{ STORA_BASE_URL: "https://stora.example" }, /^STORA_BASE_URL is set but STORA_TOKEN is not/],
    [{ STORA_TOKEN: "t", STORA_TIMEOUT_MS: "fast" }, /^STORA_TIMEOUT_MS must be a whole number/],
    [{ ALLOY_TIMEOUT_MS: "50" }, /^ALLOY_TIMEOUT_MS must be a whole number from 100/],
    // A connection id goes into a header or a query: no line break, space or slash.
    [{ STACKONE_API_KEY: "k", STACKONE_ACCOUNT_ID: "acc\r\nx: 1" }, /^STACKONE_ACCOUNT_ID must be 1 to 255 letters/],
    [{ ALLOY_API_KEY: "k", ALLOY_CREDENTIAL_ID: "cred 1" }, /^ALLOY_CREDENTIAL_ID must be 1 to 255 letters/],
    [{ STORA_TOKEN: "t", STORA_BASE_URL: "https://stora.example/2025-09?v=1" }, /^STORA_BASE_URL must not carry a query string/],
    [{ NODE_ENV: "production", STORA_TOKEN: "t", STORA_BASE_URL: "http://stora.example" }, /^STORA_BASE_URL must use https in production/],
    [{ REDIS_URL: "localhost:6379" }, /^REDIS_URL must start with redis:\/\//],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of/],
    [{ STORA_RATE_LIMIT: "10 per second" }, /^STORA_RATE_LIMIT must be "none" or a comma-separated list like "10\/s,60\/min"/],
    [{ STORA_RATE_LIMIT: "0/s" }, /^STORA_RATE_LIMIT must be "none"/],
    [{ ALLOY_RATE_LIMIT: "150/fortnight" }, /^ALLOY_RATE_LIMIT must be "none"/],
    [{ MASIVO_ENVIRONMENT: "STAGING" }, /^MASIVO_ENVIRONMENT must be one of DEV, PROD/],
    [{ STACKONE_READ_CONCURRENCY: "0" }, /^STACKONE_READ_CONCURRENCY must be a whole number from 1 to 100/],
    [{ RATE_LIMIT_MAX_WAIT_MS: "-1" }, /^RATE_LIMIT_MAX_WAIT_MS must be a whole number/],
    [{ CIRCUIT_FAILURES: "0" }, /^CIRCUIT_FAILURES must be a whole number from 1/],
    [{ CIRCUIT_COOLDOWN_MS: "soon" }, /^CIRCUIT_COOLDOWN_MS must be a whole number/],
    [{ MAX_ENTITY_REFERENCES: "100000" }, /^MAX_ENTITY_REFERENCES must be a whole number from 1 to 10000/],
    // Blank where unset would mean less protection: a missing secret, not a choice (README, Configuration).
    [{ ROUTER_SECRET: "" }, /^ROUTER_SECRET is set but empty: /],
    [{ ROUTER_SECRET: " \t " }, /^ROUTER_SECRET is set but empty: /],
    [{ ROUTER_SECRET: "tooshort" }, /^ROUTER_SECRET must be at least 16 characters/],
    [{ ROUTER_SECRET: "0123456789abcdef\u0000" }, /^ROUTER_SECRET must be printable ASCII/],
    [{ STACKONE_API_KEY: "k", STACKONE_ALLOWED_CONNECTIONS: "" }, /^STACKONE_ALLOWED_CONNECTIONS is set but lists no connection id/],
    [{ STACKONE_API_KEY: "k", STACKONE_ALLOWED_CONNECTIONS: " , ,," }, /^STACKONE_ALLOWED_CONNECTIONS is set but lists no connection id/],
    [{ REDIS_URL: "" }, /^REDIS_URL is set but empty: /],
    [{ REDIS_URL: "  " }, /^REDIS_URL is set but empty: /],
    [{ NODE_ENV: "Production" }, /^NODE_ENV must be exactly "production" to run in production, got "Production"/],
    [{ NODE_ENV: "production " }, /^NODE_ENV must be exactly "production"/],
    [{ NODE_ENV: "PROD" }, /^NODE_ENV must be exactly "production"/],
    [{ NODE_ENV: "prd" }, /^NODE_ENV must be exactly "production"/],
    [{ SHUTDOWN_TIMEOUT_MS: "10s" }, /^SHUTDOWN_TIMEOUT_MS must be a whole number from 0 to 120000/],
    [{ SHUTDOWN_TIMEOUT_MS: "-1" }, /^SHUTDOWN_TIMEOUT_MS must be a whole number/],
    [{ IDEMPOTENCY_MEMORY_MAX_KEYS: "0" }, /^IDEMPOTENCY_MEMORY_MAX_KEYS must be a whole number from 1/],
    [{ IDEMPOTENCY_MEMORY_MAX_MB: "lots" }, /^IDEMPOTENCY_MEMORY_MAX_MB must be a whole number/],
  ])("refuses %j with one line naming the variable", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("gives requests in flight 10 s to finish on shutdown unless SHUTDOWN_TIMEOUT_MS says otherwise", () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: "0" }).shutdownTimeoutMs).toBe(0);
  });

  it("bounds the in-process idempotency store by keys and megabytes", () => {
    expect(loadConfig({}).idempotencyMemory).toEqual({ maxKeys: 10_000, maxBytes: 64 * 1024 * 1024 });
    expect(loadConfig({ IDEMPOTENCY_MEMORY_MAX_KEYS: "500", IDEMPOTENCY_MEMORY_MAX_MB: "8" }).idempotencyMemory).toEqual({
      maxKeys: 500,
      maxBytes: 8 * 1024 * 1024,
    });
  });

  it("lets loopback use http in production", () => {
    expect(loadConfig({ NODE_ENV: "production", STORA_TOKEN: "t", STORA_BASE_URL: "http://127.0.0.1:9/x" }).providers.STORA).toBeDefined();
  });

  it("never puts a secret in a configuration error", () => {
    expect(() => loadConfig({ STORA_TOKEN: "s3cr3t", STORA_BASE_URL: "::" })).toThrow(/^(?!.*s3cr3t)/);
    expect(() => loadConfig({ ROUTER_SECRET: "s3cr3t" })).toThrow(/^(?!.*s3cr3t)/);
    expect(() => loadConfig({ ROUTER_SECRET: "s3cr3t-s3cr3t-s3cr3t\n" })).not.toThrow();
    expect(() => loadConfig({ ROUTER_SECRET: "s3cr3t-s3cr3t-\u0007" })).toThrow(/^(?!.*s3cr3t)/);
  });

  it("starts with compose.yaml's environment for the subgraph, its default router secret included", async () => {
    const compose = await readFile(new URL("../compose.yaml", import.meta.url), "utf8");
    const service = /^ {2}contacts:\n([\s\S]*?)^ {2}\w/m.exec(compose)![1];
    const environment = /^ {4}environment:\n((?: {6}.*\n)+)/m.exec(service)![1];
    // ${NAME:-default} as compose expands it with nothing in the shell or .env.
    const env = Object.fromEntries(
      environment
        .trim()
        .split("\n")
        .map((line) => {
          const [name, value] = line.trim().split(/: (.*)/);
          return [name, value.replace(/^"|"$/g, "").replace(/\$\{\w+:-([^}]*)\}/, "$1")];
        }),
    );
    expect(env).toHaveProperty("ROUTER_SECRET");
    expect(() => loadConfig(env)).not.toThrow();
  });

  it("keeps what unset means for variables where blank weakens nothing", () => {
    // A blank credential leaves the provider unconfigured (nothing is sent); the other blanks take their default.
    expect(loadConfig({ NODE_ENV: "production", STORA_TOKEN: " ", GRAPHIQL: "", LOG_LEVEL: "", PORT: "" })).toMatchObject({
      providers: {},
      graphiql: false,
      logLevel: "info",
      port: 4001,
    });
    expect(loadConfig({ ROUTER_SECRET: " 0123456789abcdef " }).routerSecret).toBe("0123456789abcdef");
    expect(loadConfig({ NODE_ENV: "development" }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: "staging" }).production).toBe(false);
  });
});
