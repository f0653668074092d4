import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../src/providers/index.js";
import type { ContactProvider } from "../../src/graphql/enums.js";
import type { Simulator } from "../../src/providers/types.js";
import type { RunningSimulator } from "../../src/sandbox/http.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { create, createsOf, providerEnv, simulatedProviders, VALID_INPUT } from "../reliability/support.js";

// The README promises formats are checked before the call. The providers that document an email format
// (JSON Schema's `format: email`, class-validator's IsEmail) refuse a domain without a dot, and dots at the
// ends of the local part or side by side: such an address is INVALID here, and never reaches a provider.

/** Addresses the providers' validators refuse (the first one CI's fuzz run found). */
const REFUSED = ["#@A", "a@b", "ada@localhost", ".ada@example.com", "ada.@example.com", "ada..lovelace@example.com", "ada@example..com"];
/** Unusual addresses every one of them accepts, so the check is no stricter than theirs. */
const ACCEPTED = [
  "o'brien+tag@mail.example.co.uk",
  "first_last-name@sub-domain.example.org",
  "ADA@EXAMPLE.COM",
  "a!#$%&*=?^`{|}~@example.com",
];

describe("email addresses the providers' validators refuse", () => {
  const sims = new Map<ContactProvider, Simulator & RunningSimulator>();
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    let env: Record<string, string> = {};
    for (const id of simulatedProviders()) {
      const sim = await startSimulator(providers[id].simulator!());
      sims.set(id, sim);
      env = { ...env, ...providerEnv(id, sim, sim.url, 2_000) };
    }
    subgraph = await startSubgraph({ LOG_LEVEL: "silent", ...env });
  });
  afterAll(async () => {
    await subgraph?.stop();
    for (const sim of sims.values()) await sim.close();
  });

  it.each(simulatedProviders())("%s: are INVALID at the address's path, and no create is sent", async (provider) => {
    const sim = sims.get(provider)!;
    const before = createsOf(sim);
    for (const address of REFUSED) {
      const res = await create(subgraph.url, provider, { input: { ...VALID_INPUT, emails: [{ address }] } });
      expect(res.errors, res.text).toBeUndefined();
      expect(res.data!.createContact, address).toMatchObject({
        outcome: "NOT_CREATED",
        userErrors: [{ field: ["input", "emails", "0", "address"], code: "INVALID", message: "Not a valid email address." }],
      });
    }
    expect(createsOf(sim)).toBe(before);
  });

  it.each(simulatedProviders())("%s: unusual but valid addresses are created", async (provider) => {
    for (const [i, address] of ACCEPTED.entries()) {
      const phone = `+4478000000${i}${provider.length}`;
      const res = await create(subgraph.url, provider, { input: { ...VALID_INPUT, emails: [{ address }], phones: [{ number: phone }] } });
      expect(res.data?.createContact, `${address}: ${res.text}`).toMatchObject({ outcome: "CREATED", userErrors: [] });
    }
  });
});
