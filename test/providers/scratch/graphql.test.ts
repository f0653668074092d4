import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";
import { freshValues } from "../../helpers/unique.js";
import { createScratchSimulator, type ScratchSimulator } from "./simulator.js";

// Runs in the `test-provider` project, where register.ts has added Scratch to the registry.

interface CreateResult {
  createContact: {
    outcome: string;
    contact: { id: string } | null;
    userErrors: { field: string[] | null; code: string; message: string; existingContactId: string | null }[];
  };
}
const CREATE: TypedDocumentNode<CreateResult, { input: unknown }> = parse(`mutation ($input: CreateContactInput!) {
  createContact(provider: SCRATCH, input: $input) { outcome contact { id } userErrors { field code message existingContactId } }
}`);
const ENTITIES: TypedDocumentNode<{ _entities: ({ id: string; emails: { address: string }[] } | null)[] }, { id: string }> =
  parse(`query ($id: ID!) {
  _entities(representations: [{ __typename: "Contact", id: $id }]) { ... on Contact { id emails { address } } }
}`);

describe("Scratch over GraphQL", () => {
  let sim: ScratchSimulator & { url: URL; close(): Promise<void> };
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createScratchSimulator("scratch-graphql-token"));
    subgraph = await startSubgraph({ SCRATCH_BASE_URL: sim.url.href, SCRATCH_TOKEN: "scratch-graphql-token" });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await sim?.close();
  });

  it("answers a second contact with the same email as DUPLICATE naming the existing contact, which _entities resolves", async () => {
    const { email } = freshValues();
    const first = await execute(subgraph.url, CREATE, { input: { firstName: "Ada", emails: [{ address: email }] } });
    const existing = first.data!.createContact.contact!.id;

    const second = await execute(subgraph.url, CREATE, { input: { firstName: "Grace", emails: [{ address: email }] } });
    expect(second.errors).toBeUndefined();
    expect(second.data!.createContact).toMatchObject({ outcome: "NOT_CREATED", contact: null });
    expect(second.data!.createContact.userErrors).toEqual([
      { field: null, code: "DUPLICATE", message: "Contact already exists.", existingContactId: existing },
    ]);
    expect(sim.stats.creates).toBe(1);

    const resolved = await execute(subgraph.url, ENTITIES, { id: existing });
    expect(resolved.data!._entities).toEqual([{ id: existing, emails: [{ address: email }] }]);
  });
});
