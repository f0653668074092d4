import fc from "fast-check";
import type { GraphQLFormattedError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createContext } from "../../src/context.js";
import { createLogger } from "../../src/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { createServer, type ContactsServer } from "../../src/server.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { createArgs } from "./arbitraries.js";
import { CREATE, post } from "./support.js";

const PREVIEW = `query Preview($provider: ContactProvider!, $input: CreateContactInput!, $connectionId: ID) {
  previewCreateContact(provider: $provider, input: $input, connectionId: $connectionId) { method url headers body userErrors { field code message } }
}`;

type Payload = { outcome: string; contact: unknown; userErrors: { field: string[] | null; code: string; message: string }[] } | null;
const PATH_ROOTS = ["input", "connectionId", "idempotencyKey"];

/**
 * The invariants every answer keeps, whatever came in. The simulators are up and quick, so no
 * answer may claim the provider was unavailable or the outcome unknown: that would be an input that
 * broke the request before it left (a header refused, a body that cannot be serialised).
 */
function check(errors: readonly GraphQLFormattedError[] | undefined, payload: Payload) {
  for (const e of errors ?? []) {
    expect(e.extensions?.code, e.message).not.toBe("INTERNAL_SERVER_ERROR");
    expect(e.extensions?.code, e.message).not.toBe("PROVIDER_UNAVAILABLE");
    // A rejected variable names itself (and the path inside it, where there is one).
    if (e.extensions?.code === "BAD_USER_INPUT") expect(e.message).toMatch(/Variable "\$(provider|input|connectionId|idempotencyKey)"/);
  }
  if (!payload) return;
  for (const u of payload.userErrors) {
    expect(u.field, u.message).not.toBeNull();
    expect(PATH_ROOTS).toContain(u.field![0]);
  }
  expect(payload.outcome).not.toBe("UNKNOWN");
  if (payload.userErrors.length) expect(payload).toMatchObject({ outcome: "NOT_CREATED", contact: null });
  if (payload.outcome === "CREATED") expect(payload.contact).not.toBeNull();
}

describe("thousands of generated inputs against every provider", () => {
  let sandbox: Sandbox;
  let server: ContactsServer;
  let run: (variables: unknown) => Promise<{ errors?: readonly GraphQLFormattedError[]; payload: Payload }>;
  let preview: (
    variables: unknown,
  ) => Promise<{ errors?: readonly GraphQLFormattedError[]; preview: { body: unknown; userErrors: { field: string[] | null }[] } | null }>;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
    sandbox = await startSandbox(10_000);
    config.providers = sandbox.providers;
    const logger = createLogger({ level: "silent" });
    server = await createServer(config, logger);
    run = async (variables) => {
      const res = await server.apollo.executeOperation(
        { query: CREATE, variables: variables as Record<string, unknown> },
        { contextValue: createContext(config, logger) },
      );
      if (res.body.kind !== "single") throw new Error("incremental delivery is not expected");
      const data = res.body.singleResult.data as { createContact?: Payload } | null | undefined;
      return { errors: res.body.singleResult.errors, payload: data?.createContact ?? null };
    };
    preview = async (variables) => {
      const res = await server.apollo.executeOperation(
        { query: PREVIEW, variables: variables as Record<string, unknown> },
        { contextValue: createContext(config, logger) },
      );
      if (res.body.kind !== "single") throw new Error("incremental delivery is not expected");
      // What the HTTP layer does next: a body that cannot be serialised was an HTTP 500.
      JSON.stringify(res.body.singleResult);
      const data = res.body.singleResult.data as
        | { previewCreateContact?: { body: unknown; userErrors: { field: string[] | null }[] } }
        | null
        | undefined;
      return { errors: res.body.singleResult.errors, preview: data?.previewCreateContact ?? null };
    };
  });
  afterAll(async () => {
    await server?.stop();
    await sandbox?.close();
  });

  it("never answers INTERNAL_SERVER_ERROR, and every rejection names its field (executeOperation)", async () => {
    const seen = { created: 0, userErrors: 0, badInput: 0, hostile: 0 };
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(createArgs, async (args) => {
        const { errors, payload } = await run(args);
        check(errors, payload);
        if (payload?.outcome === "CREATED") seen.created++;
        if (payload?.userErrors.length) seen.userErrors++;
        if (payload?.userErrors.some((u) => /levels|finite|NUL|surrogate|__proto__|at most 5000 values/.test(u.message))) seen.hostile++;
        if (errors?.some((e) => e.extensions?.code === "BAD_USER_INPUT")) seen.badInput++;
        // The preview builds the same request without sending it: same invariants, and a body that serialises
        // (every 4th input, to keep the run short).
        if (++runs % 4) return;
        const { errors: previewErrors, preview: answer } = await preview({
          provider: args.provider,
          input: args.input,
          connectionId: args.connectionId,
        });
        check(previewErrors, null);
        for (const u of answer?.userErrors ?? []) expect(PATH_ROOTS).toContain(u.field?.[0]);
      }),
      { numRuns: 10_000 },
    );
    // The generator reaches every kind of answer, or the property proves little.
    expect(seen.created).toBeGreaterThan(250);
    expect(seen.userErrors).toBeGreaterThan(250);
    expect(seen.badInput).toBeGreaterThan(250);
    expect(seen.hostile).toBeGreaterThan(250);
  }, 240_000);
});

describe("a sample over HTTP", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({ LOG_LEVEL: "info" }, { sandbox: true });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it("keeps the same invariants through express, body parsing and limits", async () => {
    await fc.assert(
      fc.asyncProperty(createArgs, async (args) => {
        const res = await post(subgraph.url, { query: CREATE, variables: args });
        expect([200, 400]).toContain(res.status);
        check(res.errors, res.data?.createContact ?? null);
      }),
      { numRuns: 150 },
    );
    for (const line of subgraph.logs) expect(line).not.toMatch(/"level":50/);
  }, 30_000);
});
