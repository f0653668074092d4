import { composeServices } from "@apollo/composition";
import { parse, type GraphQLFormattedError } from "graphql";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { excludeTagged } from "../../src/contract.js";
import { ContactProvider } from "../../src/graphql/enums.js";
import { CreateContactDocument } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { startHiveGateway, startRecordingProxy, type HiveGateway, type RecordingProxy } from "./hive-gateway.js";
import { startNotesSubgraph, type NotesSubgraph } from "./notes-subgraph.js";
import { startSimulators } from "./simulators.js";

// An independent Federation 2 gateway, as its own process, with the README's gateway.config.ts in
// front of contacts-subgraph (behind ROUTER_SECRET) and the notes subgraph.
const SECRET = "router-secret-for-hive";
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const INPUT = { firstName: "Ada", lastName: "Lovelace", emails: [{ address: "ada@example.com" }], phones: [{ number: "+442079460958" }] };
const NOTES = `{ notes { id contact { id fullName notes { id } } } }`;

interface Body {
  data?: any;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}
const post = async (url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Body;
};
const sdlOf = async (url: string, headers: Record<string, string> = {}) =>
  (await post(url, "{ _service { sdl } }", undefined, headers)).data._service.sdl as string;

describe("contacts-subgraph and a second subgraph behind Hive Gateway (a separate process)", () => {
  let dir: string;
  let sims: Awaited<ReturnType<typeof startSimulators>>;
  let gomobile: FaultProxy;
  let contacts: TestSubgraph;
  let proxy: RecordingProxy;
  let notes: NotesSubgraph;
  let gateway: HiveGateway;
  let contract: HiveGateway;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "contacts-hive-"));
    sims = await startSimulators();
    // Gomobile has no idempotency: a 500 after the create was sent is an UNKNOWN outcome.
    gomobile = await startFaultProxy(new URL(sims.env.GOMOBILE_BASE_URL));
    contacts = await startSubgraph({ ...sims.env, GOMOBILE_BASE_URL: gomobile.url.href, ROUTER_SECRET: SECRET });
    proxy = await startRecordingProxy(contacts.url);
    notes = await startNotesSubgraph();
    // Composed from what the running subgraphs serve at _service, as a registry or rover would.
    const subgraphs = [
      { name: "contacts", url: proxy.url, typeDefs: parse(await sdlOf(contacts.url, { "router-authorization": SECRET })) },
      { name: "notes", url: notes.url, typeDefs: parse(await sdlOf(notes.url)) },
    ];
    const compose = async (file: string, tagsToExclude: string[]) => {
      const result = composeServices(
        subgraphs.map((subgraph) => ({ ...subgraph, typeDefs: excludeTagged(subgraph.typeDefs, tagsToExclude) })),
      );
      expect(result.errors).toBeUndefined();
      expect(result.hints).toEqual([]);
      await writeFile(join(dir, file), result.supergraphSdl!);
      return join(dir, file);
    };
    const env = { CONTACTS_ROUTER_SECRET: SECRET };
    [gateway, contract] = await Promise.all([
      startHiveGateway(await compose("supergraph.graphql", []), env),
      startHiveGateway(await compose("contract.graphql", ["internal"]), env),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([gateway?.stop(), contract?.stop()]);
    await notes?.stop();
    await proxy?.close();
    await contacts?.stop();
    await gomobile?.close();
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const mutations = () => proxy.exchanges.filter((exchange) => /^\s*mutation/.test(JSON.parse(exchange.body).query));

  it("runs a frontend's createContact with variables, sending Router-Authorization and the client's traceparent", async () => {
    const before = proxy.exchanges.length;
    const result = await execute(
      gateway.url,
      CreateContactDocument,
      { provider: ContactProvider.STORA, input: INPUT, idempotencyKey: "hive-1" },
      { traceparent: TRACEPARENT },
    );
    expect(result.errors, gateway.output()).toBeUndefined();
    expect(result.data!.createContact).toMatchObject({
      outcome: "CREATED",
      userErrors: [],
      contact: { id: expect.stringMatching(/^ctc1_/), fullName: "Ada Lovelace" },
    });
    const sent = proxy.exchanges.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers["router-authorization"]).toBe(SECRET);
    expect(sent[0].headers.traceparent).toBe(TRACEPARENT);
    // The gateway renames variables in the plan; the values arrive as the frontend sent them.
    expect(Object.values(JSON.parse(sent[0].body).variables)).toEqual(expect.arrayContaining([INPUT, "STORA", "hive-1"]));
  });

  it("resolves Contact across subgraphs through _entities, batched into one request to this subgraph", async () => {
    const ids: string[] = [];
    for (const email of ["grace@example.com", "alan@example.com"]) {
      const created = await execute(gateway.url, CreateContactDocument, {
        provider: ContactProvider.STORA,
        input: { ...INPUT, emails: [{ address: email }] },
      });
      ids.push(created.data!.createContact.contact!.id);
    }
    notes.notes.push(...[ids[0], ids[1], ids[0]].map((contactId, i) => ({ id: `hive-${i}`, text: `note ${i}`, contactId })));
    const before = proxy.exchanges.length;
    const result = await post(gateway.url, NOTES);
    expect(result.errors).toBeUndefined();
    const linked = (result.data.notes as { id: string; contact: { id: string; notes: { id: string }[] } }[]).filter((note) =>
      note.id.startsWith("hive-"),
    );
    expect(linked.map((note) => note.contact.id)).toEqual([ids[0], ids[1], ids[0]]);
    expect(linked[0].contact.notes.map((note) => note.id)).toEqual(["hive-0", "hive-2"]);
    const sent = proxy.exchanges.slice(before);
    expect(sent.map((exchange) => JSON.parse(exchange.body).query)).toEqual([expect.stringContaining("_entities")]);
    expect(sent[0].headers["router-authorization"]).toBe(SECRET);
  });

  it("passes userErrors, warnings and an UNKNOWN outcome with its error to the client intact", async () => {
    const invalid = await execute(gateway.url, CreateContactDocument, {
      provider: ContactProvider.STORA,
      input: { firstName: "Ada", companyName: "Analytical Engines" },
    });
    expect(invalid.errors).toBeUndefined();
    expect(invalid.data!.createContact).toMatchObject({ contact: null, outcome: "NOT_CREATED" });
    expect(invalid.data!.createContact.userErrors).toContainEqual(expect.objectContaining({ field: ["input", "emails"] }));

    const warned = await execute(gateway.url, CreateContactDocument, {
      provider: ContactProvider.STORA,
      input: { ...INPUT, companyName: "Analytical Engines" },
    });
    expect(warned.data!.createContact.warnings).toContainEqual(
      expect.objectContaining({ field: ["input", "companyName"], code: "FIELD_NOT_SUPPORTED" }),
    );

    gomobile.fail("500");
    const before = proxy.exchanges.length;
    const unknown = await execute(gateway.url, CreateContactDocument, { provider: ContactProvider.GOMOBILE, input: INPUT });
    expect(unknown.data!.createContact).toMatchObject({ outcome: "UNKNOWN", contact: null });
    // Exactly what the subgraph answered: message, path and every extension a client acts on.
    const answered = JSON.parse(proxy.exchanges.slice(before)[0].response) as Body;
    expect(answered.errors).toHaveLength(1);
    expect(answered.errors![0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN", provider: "Gomobile" });
    expect(unknown.errors).toEqual([
      expect.objectContaining({
        message: answered.errors![0].message,
        path: ["createContact", "contact"],
        extensions: expect.objectContaining(answered.errors![0].extensions),
      }),
    ]);
  });

  it("never retries a mutation, but retries a read, as gateway.config.ts says", async () => {
    const before = mutations().length;
    proxy.failNext(1);
    const failed = await execute(gateway.url, CreateContactDocument, { provider: ContactProvider.STORA, input: INPUT });
    expect(failed.errors?.length).toBeGreaterThan(0);
    expect(mutations().length - before).toBe(1);

    const reads = proxy.exchanges.length;
    proxy.failNext(1);
    const read = await post(gateway.url, "{ contactProviders { provider } }");
    expect(read.errors).toBeUndefined();
    expect(read.data.contactProviders).toHaveLength(5);
    expect(proxy.exchanges.slice(reads).map((exchange) => exchange.status)).toEqual([502, 200]);
  });

  it("does not ask for ftv1 traces, and the subgraph sends none unasked", () => {
    expect(proxy.exchanges.length).toBeGreaterThan(5);
    for (const exchange of proxy.exchanges) {
      expect(exchange.headers["apollo-federation-include-trace"]).toBeUndefined();
      expect(exchange.response).not.toContain("ftv1");
    }
  });

  it("serves a contract variant without what is tagged internal", async () => {
    const introspection = await post(
      contract.url,
      `{ query: __type(name: "Query") { fields { name } } contact: __type(name: "Contact") { fields { name } } preview: __type(name: "ContactRequestPreview") { name } }`,
    );
    const names = (type: { fields: { name: string }[] }) => type.fields.map((field) => field.name);
    expect(names(introspection.data.query)).toEqual(expect.arrayContaining(["contact", "contactProviders", "notes"]));
    expect(names(introspection.data.query)).not.toContain("previewCreateContact");
    expect(names(introspection.data.contact)).not.toContain("providerData");
    expect(introspection.data.preview).toBeNull();
    const refused = await post(contract.url, `{ previewCreateContact(provider: STORA, input: { lastName: "x" }) { method } }`);
    expect(refused.errors![0].message).toMatch(/previewCreateContact/);
    expect(
      (await post(gateway.url, `{ __type(name: "Contact") { fields { name } } }`)).data.__type.fields.map(
        (field: { name: string }) => field.name,
      ),
    ).toContain("providerData");
    const created = await post(
      contract.url,
      `mutation($input: CreateContactInput!) { createContact(provider: STORA, input: $input) { outcome contact { id } } }`,
      { input: INPUT },
    );
    expect(created.data.createContact.outcome).toBe("CREATED");
  });
});
