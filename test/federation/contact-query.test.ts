import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../src/graphql/enums.js";
import { decodeContactId, encodeContactId } from "../../src/providers/global-id.js";
import { ContactByIdDocument, ContactEntitiesDocument, CreateContactDocument } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { calls, startSimulators } from "./simulators.js";

// `contact(id)` is the read a frontend makes after a create: the same loader and errors as _entities.
describe("Query.contact(id)", () => {
  let sims: Awaited<ReturnType<typeof startSimulators>>;
  let subgraph: TestSubgraph;
  let id: string;
  beforeAll(async () => {
    sims = await startSimulators();
    subgraph = await startSubgraph(sims.env);
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: ContactProvider.STORA,
      input: { fullName: "Ada Lovelace", emails: [{ address: "ada@example.com" }] },
    });
    id = res.data!.createContact.contact!.id;
  });
  afterAll(async () => {
    await subgraph?.stop();
    await sims?.close();
  });

  it("reads back a contact that was just created, with one upstream read", async () => {
    const stora = sims.running.get(ContactProvider.STORA)!.sim;
    const before = calls(stora);
    const res = await execute(subgraph.url, ContactByIdDocument, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.contact).toMatchObject({ id, provider: "STORA", fullName: "Ada Lovelace", emails: [{ address: "ada@example.com" }] });
    expect(calls(stora) - before).toBe(1);
  });

  it("answers null, without an error, for a contact the provider no longer has", async () => {
    const res = await execute(subgraph.url, ContactByIdDocument, {
      id: encodeContactId({ ...decodeContactId(id), providerId: randomUUID() }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ contact: null });
  });

  it("refuses a malformed or foreign id with the error _entities gives for it", async () => {
    const sandboxId = encodeContactId({ ...decodeContactId(id), sandbox: true });
    for (const bad of ["ctc1_%%%", "nope", sandboxId]) {
      const single = await execute(subgraph.url, ContactByIdDocument, { id: bad });
      const entity = await execute(subgraph.url, ContactEntitiesDocument, { representations: [{ __typename: "Contact", id: bad }] });
      expect(single.status, bad).toBe(200);
      expect(single.data, bad).toEqual({ contact: null });
      expect(
        single.errors!.map((e) => [e.path, e.message, e.extensions?.code]),
        bad,
      ).toEqual([[["contact"], entity.errors![0].message, "BAD_USER_INPUT"]]);
    }
    const foreign = await execute(subgraph.url, ContactByIdDocument, { id: sandboxId });
    expect(foreign.errors![0].message).toMatch(/sandbox/);
  });
});
