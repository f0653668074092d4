import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamRejection } from "../../../src/errors.js";
import { Upstream } from "../../../src/providers/http.js";
import type { ProviderConfig } from "../../../src/providers/types.js";
import { startSimulator } from "../../helpers/server.js";
import { freshValues } from "../../helpers/unique.js";
import { scratch } from "./index.js";
import { createScratchSimulator, type ScratchSimulator } from "./simulator.js";

describe("Scratch client against its simulator", () => {
  let sim: ScratchSimulator & { url: URL; close(): Promise<void> };
  let config: ProviderConfig;
  beforeAll(async () => {
    sim = await startSimulator(createScratchSimulator("scratch-client-token"));
    config = { baseUrl: sim.url, credentials: { TOKEN: "scratch-client-token" }, timeoutMs: 2_000, sandbox: false };
  });
  afterAll(() => sim?.close());

  // The transport as context.ts builds it from the definition.
  const client = () =>
    scratch.createClient(
      new Upstream({
        provider: scratch.label,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
        authorize: () => scratch.auth.headers(config, {}),
        authHeaderNames: scratch.auth.headerNames,
        parseError: scratch.parseError,
        responseHeaders: scratch.responseHeaders,
      }),
      config,
    );
  const call = (email: string) => ({
    input: { firstName: "Ada", emails: [{ address: email }] },
    options: undefined,
    idempotencyKey: "unused",
  });

  it("creates and reads back", async () => {
    const { email } = freshValues();
    const created = await client().create(call(email));
    expect(await client().read(created.providerId)).toMatchObject({ providerId: created.providerId, emails: [{ address: email }] });
  });

  it("reads the existing contact's id out of a 409", async () => {
    const { email } = freshValues();
    const created = await client().create(call(email));
    const error = await client()
      .create(call(email))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamRejection);
    expect((error as UpstreamRejection).existingProviderId).toBe(created.providerId);
  });
});
