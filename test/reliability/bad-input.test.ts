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

type Payload = { outcome: string; contact: unknown; userErrors: { field: string[] | null; code: string; message: string }[] } | null;
const PATH_ROOTS = ["input", "connectionId", "idempotencyKey"];

/** The invariants every answer keeps, whatever came in. */
function check(errors: readonly GraphQLFormattedError[] | undefined, payload: Payload) {
  for (const e of errors ?? []) {
    expect(e.extensions?.code, e.message).not.toBe("INTERNAL_SERVER_ERROR");
    // A rejected variable names itself (and the path inside it, where there is one).
    if (e.extensions?.code === "BAD_USER_INPUT") expect(e.message).toMatch(/Variable "\$(provider|input|connectionId|idempotencyKey)"/);
  }
  if (!payload) return;
  for (const u of payload.userErrors) {
    expect(u.field, u.message).not.toBeNull();
    expect(PATH_ROOTS).toContain(u.field![0]);
  }
  if (payload.userErrors.length) expect(payload).toMatchObject({ outcome: "NOT_CREATED", contact: null });
  if (payload.outcome === "CREATED") expect(payload.contact).not.toBeNull();
}

describe("thousands of generated inputs against every provider", () => {
  let sandbox: Sandbox;
  let server: ContactsServer;
  let run: (variables: unknown) => Promise<{ errors?: readonly GraphQLFormattedError[]; payload: Payload }>;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
    sandbox = await startSandbox(2_000);
    config.providers = sandbox.providers;
    const logger = createLogger({ level: "silent" });
    server = await createServer(config, logger);
    run = async (variables) => {
      const res = await server.apollo.executeOperation({ query: CREATE, variables: variables as Record<string, unknown> }, { contextValue: createContext(config, logger) });
      if (res.body.kind !== "single") throw new Error("incremental delivery is not expected");
      const data = res.body.singleResult.data as { createContact?: Payload } | null | undefined;
      return { errors: res.body.singleResult.errors, payload: data?.createContact ?? null };
    };
  });
  afterAll(async () => {
    await server?.stop();
    await sandbox?.close();
  });

  it("never answers INTERNAL_SERVER_ERROR, and every rejection names its field (executeOperation)", async () => {
    const seen = { created: 0, userErrors: 0, badInput: 0 };
    await fc.assert(
      fc.asyncProperty(createArgs, async (args) => {
        const { errors, payload } = await run(args);
        check(errors, payload);
        if (payload?.outcome === "CREATED") seen.created++;
        if (payload?.userErrors.length) seen.userErrors++;
        if (errors?.some((e) => e.extensions?.code === "BAD_USER_INPUT")) seen.badInput++;
      }),
      { numRuns: 2_000 },
    );
    // The generator reaches every kind of answer, or the property proves little.
    expect(seen.created).toBeGreaterThan(50);
    expect(seen.userErrors).toBeGreaterThan(50);
    expect(seen.badInput).toBeGreaterThan(50);
  }, 60_000);
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
