import { afterEach, describe, expect, it } from "vitest";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { providers } from "../../../src/providers/index.js";
import { CreateContactDocument } from "../../gql/graphql.js";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph } from "../../helpers/server.js";

const running: { stop?(): Promise<void>; close?(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await (r.stop ?? r.close)!.call(r);
});

describe("Masivo's rate budget", () => {
  it("counts Masivo's token exchange against Masivo's budget: it is a call too", async () => {
    const sim = await startSimulator(providers.MASIVO.simulator!());
    running.push(sim);
    const { url } = await startSubgraph({
      MASIVO_BASE_URL: sim.url.href,
      MASIVO_API_KEY: sim.credentials.API_KEY,
      MASIVO_RATE_LIMIT: "1/min",
      RATE_LIMIT_MAX_WAIT_MS: "0",
    }).then((s) => (running.push(s), s));
    // One slot: the create takes it, so the /auth/authorize it needs first is refused, and nothing is created.
    const res = await execute(url, CreateContactDocument, {
      provider: ContactProvider.MASIVO,
      input: { emails: [{ address: "token@example.com" }] },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_RATE_LIMITED", provider: "Masivo" });
    expect(res.data?.createContact?.contact ?? null).toBeNull();
  });
});
