import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContactProvider } from "../../src/graphql/enums.js";
import { decodeContactId, encodeContactId } from "../../src/providers/global-id.js";
import { ContactEntitiesDocument, CreateContactDocument } from "../gql/graphql.js";
import { providerList } from "../../src/providers/index.js";
import { execute } from "../helpers/graphql.js";
import { freshInput } from "../helpers/unique.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { calls, startSimulators } from "./simulators.js";

// Enough for every provider's required fields (an email, a phone, a last name), with fresh values each time.
const input = () =>
  freshInput({ firstName: "Ada", lastName: "Lovelace", emails: [{ address: "ada@example.com" }], phones: [{ number: "+212612345678" }] });

describe("_entities with contacts of every simulated provider", () => {
  let sims: Awaited<ReturnType<typeof startSimulators>>;
  let subgraph: TestSubgraph;
  const created = new Map<ContactProvider, string>();
  beforeAll(async () => {
    sims = await startSimulators();
    subgraph = await startSubgraph(sims.env);
    for (const provider of sims.running.keys()) {
      const res = await execute(subgraph.url, CreateContactDocument, { provider, input: input() });
      expect(res.errors, provider).toBeUndefined();
      expect(res.data!.createContact.userErrors, provider).toEqual([]);
      created.set(provider, res.data!.createContact.contact!.id);
    }
  });
  afterAll(async () => {
    await subgraph?.stop();
    await sims?.close();
  });

  const missing = (id: string) => encodeContactId({ ...decodeContactId(id), providerId: randomUUID() });

  it("resolves them in order in one call: one read per distinct contact, null for a missing one", async () => {
    expect(sims.running.size).toBe(providerList.filter((definition) => definition.simulator).length);
    const ids = [...created.values()].flatMap((id) => [id, missing(id), id, id]);
    const before = new Map([...sims.running].map(([p, { sim }]) => [p, calls(sim)]));
    const res = await execute(subgraph.url, ContactEntitiesDocument, { representations: ids.map((id) => ({ __typename: "Contact", id })) });
    expect(res.errors).toBeUndefined();
    const entities = res.data!._entities as ({ id: string; fullName?: string | null; lastName?: string | null } | null)[];
    expect(entities.map((e) => e?.id ?? null)).toEqual(ids.map((id, i) => (i % 4 === 1 ? null : id)));
    for (const [provider, { sim }] of sims.running) expect(calls(sim) - before.get(provider)!, provider).toBe(2);
  });

  it("answers a malformed or foreign id with an error for that entity only", async () => {
    const [good] = created.values();
    const sandboxId = encodeContactId({ ...decodeContactId(good), sandbox: true });
    const representations = [
      { __typename: "Contact", id: good },
      { __typename: "Contact", id: "ctc1_%%%" },
      { __typename: "Contact", id: "nope" },
      { __typename: "Contact", id: sandboxId },
      { __typename: "Contact" },
      { __typename: "Contact", id: good },
    ];
    const res = await execute(subgraph.url, ContactEntitiesDocument, { representations });
    const entities = res.data!._entities as ({ id: string } | null)[];
    expect(entities.map((e) => e?.id ?? null)).toEqual([good, null, null, null, null, good]);
    expect(res.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([1, 2, 3, 4].map((i) => [["_entities", i], "BAD_USER_INPUT"]));
    expect(res.errors![2].message).toMatch(/sandbox/);
  });
});
