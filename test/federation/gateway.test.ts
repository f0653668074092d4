import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway } from "@apollo/gateway";
import type { GraphQLFormattedError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../src/graphql/enums.js";
import { encodeContactId } from "../../src/providers/global-id.js";
import { createStoraSimulator } from "../../src/providers/stora/simulator.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { startNotesSubgraph, type NotesSubgraph } from "./notes-subgraph.js";
import { composeWithNotes } from "./supergraph.js";

const TOKEN = "stora-gateway-token";

const CREATE = `mutation($email: String!) {
  createContact(provider: STORA, input: { fullName: "Ada Lovelace", emails: [{ address: $email }] }) {
    contact { id fullName notes { text } }
    userErrors { field code }
  }
}`;
const NOTES = `{ notes { id contact { id fullName emails { address } notes { id } } } }`;

describe("contacts-subgraph and a second subgraph behind @apollo/gateway", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  let contacts: TestSubgraph;
  let notes: NotesSubgraph;
  let gateway: ApolloServer;
  let url: string;
  const query = async (q: string, variables?: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: q, variables }),
    });
    return (await res.json()) as { data?: any; errors?: GraphQLFormattedError[] };
  };

  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator(TOKEN));
    contacts = await startSubgraph({ STORA_BASE_URL: sim.url.href, STORA_TOKEN: TOKEN });
    notes = await startNotesSubgraph();
    const { supergraphSdl, errors } = await composeWithNotes({ contacts: contacts.url, notes: notes.url });
    expect(errors).toBeUndefined();
    gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: supergraphSdl! }) });
    ({ url } = await startStandaloneServer(gateway, { listen: { port: 0, host: "127.0.0.1" } }));
  });
  afterAll(async () => {
    await gateway?.stop();
    await notes?.stop();
    await contacts?.stop();
    await sim?.close();
  });

  it("runs createContact through the gateway, and the new contact's notes come from the other subgraph", async () => {
    const res = await query(CREATE, { email: "ada@example.com" });
    expect(res.errors).toBeUndefined();
    expect(res.data.createContact).toEqual({
      contact: { id: expect.stringMatching(/^ctc1_/), fullName: "Ada Lovelace", notes: [] },
      userErrors: [],
    });
    expect(sim.stats.creates).toBe(1);
  });

  it("resolves notes → contacts → notes in one query, one batched read per contact, errors with their extensions", async () => {
    const ids = [];
    for (const email of ["grace@example.com", "alan@example.com"])
      ids.push((await query(CREATE, { email })).data.createContact.contact.id as string);
    const gone = encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId: "con_gone", sandbox: false });
    const gomobile = encodeContactId({
      provider: ContactProvider.GOMOBILE,
      connectionId: null,
      providerId: "0b9a3c5e-4d1f-4a57-9a2e-2f7b1c8d6e01",
      sandbox: false,
    });
    notes.notes.push(
      ...[ids[0], ids[1], ids[0], ids[0], gone, "not-a-contact-id", gomobile].map((contactId, i) => ({
        id: `n${i}`,
        text: `note ${i}`,
        contactId,
      })),
    );
    const before = sim.stats.requests;
    const res = await query(NOTES);
    const byNote = res.data.notes as {
      id: string;
      contact: { id: string; fullName: string; emails: { address: string }[]; notes: { id: string }[] } | null;
    }[];
    expect(byNote.slice(0, 4).map((n) => [n.contact?.fullName, n.contact?.emails[0].address])).toEqual([
      ["Ada Lovelace", "grace@example.com"],
      ["Ada Lovelace", "alan@example.com"],
      ["Ada Lovelace", "grace@example.com"],
      ["Ada Lovelace", "grace@example.com"],
    ]);
    expect(byNote[0].contact!.notes.map((n) => n.id)).toEqual(["n0", "n2", "n3"]);
    expect(byNote.slice(4).map((n) => n.contact)).toEqual([null, null, null]);
    // Two existing contacts and one missing: three reads, however often they are referenced.
    expect(sim.stats.requests - before).toBe(3);
    expect(res.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.provider])).toEqual([
      [["notes", 5, "contact"], "BAD_USER_INPUT", undefined],
      [["notes", 6, "contact"], "PROVIDER_NOT_CONFIGURED", "Gomobile"],
    ]);
  });
});
