import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMasivoSimulator, type MasivoSimulator } from "../../../src/providers/masivo/simulator.js";
import { decodeContactId } from "../../../src/providers/global-id.js";
import {
  ContactEntitiesDocument,
  ContactProvidersDocument,
  CreateContactDocument,
  PreviewCreateContactDocument,
} from "../../gql/graphql.js";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";
import { providerList } from "../../../src/providers/index.js";

const otherOptions = providerList.find((definition) => definition.id !== "MASIVO")!.optionsKey;

const API_KEY = `masivo-key-do-not-leak-${process.pid}-9c1e`;

describe("createContact(provider: MASIVO) over HTTP", () => {
  let sim: MasivoSimulator & { url: URL; close(): Promise<void> };
  let subgraph: TestSubgraph;
  const texts: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator(createMasivoSimulator(API_KEY));
    subgraph = await startSubgraph({ MASIVO_BASE_URL: sim.url.href, MASIVO_API_KEY: API_KEY, MASIVO_ACCOUNT_ID: "acct-default" });
  });
  afterAll(async () => {
    await subgraph.stop();
    await sim.close();
  });

  it("creates the contact, maps it back with a global id, and warns about what Masivo cannot store", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "MASIVO",
      connectionId: "acct-7",
      input: {
        firstName: "María",
        lastName: "García",
        fullName: "María José García Márquez",
        emails: [{ address: "maria@example.co", type: "WORK" }, { address: "maria@home.example" }],
        phones: [{ number: "300 1234567", countryCode: "CO" }],
        addresses: [
          { line1: "Calle 93 # 11-26", city: "Bogotá", postalCode: "110221", countryCode: "CO", type: "HOME" },
          { line1: "Carrera 7", countryCode: "CO" },
        ],
        dateOfBirth: "1990-04-17",
        gender: "FEMALE",
        externalId: "crm-4711",
        companyName: "Tiendas SAS",
        customFields: { tier: "gold", visits: 12 },
        masivo: {
          secondName: "José",
          secondLastName: "Márquez",
          documentType: "CC",
          documentNumber: "52123456",
          source: "pos",
          channel: "store-93",
        },
        // Another provider's options: ignored here, with a warning.
        ...({ [otherOptions]: {} } as object),
      },
    });
    texts.push(res.text);
    expect(res.errors).toBeUndefined();
    const payload = res.data!.createContact;
    expect(payload.userErrors).toEqual([]);
    const contact = payload.contact!;
    expect(contact).toMatchObject({
      provider: "MASIVO",
      connectionId: "acct-7",
      firstName: "María",
      lastName: "García",
      fullName: null,
      emails: [{ address: "maria@example.co", type: null }],
      phones: [{ number: "+573001234567" }],
      addresses: [
        { line1: "Calle 93 # 11-26", city: "Bogotá", postalCode: "110221", countryCode: "CO", type: null },
        { line1: "Carrera 7", countryCode: "CO" },
      ],
      dateOfBirth: "1990-04-17",
      gender: "FEMALE",
      externalId: "crm-4711",
      customFields: { tier: "gold", visits: 12 },
    });
    expect(contact.providerData).toMatchObject({
      id: contact.providerId,
      second_name: "José",
      second_last_name: "Márquez",
      document_type: "CC",
      source: "pos",
      channel: "store-93",
    });
    expect(decodeContactId(contact.id)).toEqual({
      provider: "MASIVO",
      connectionId: "acct-7",
      providerId: contact.providerId,
      sandbox: false,
    });
    expect(sim.contacts.get(contact.providerId)).not.toHaveProperty("deleted_at", expect.any(String));
    expect(payload.warnings.map((w) => [w.field.join("."), w.code])).toEqual([
      ["input.fullName", "FIELD_NOT_SUPPORTED"],
      ["input.emails.1", "FIELD_NOT_SUPPORTED"],
      ["input.emails.0.type", "FIELD_NOT_SUPPORTED"],
      ["input.addresses.0.type", "FIELD_NOT_SUPPORTED"],
      ["input.companyName", "FIELD_NOT_SUPPORTED"],
      [`input.${otherOptions}`, "FIELD_NOT_SUPPORTED"],
    ]);

    const entities = await execute(subgraph.url, ContactEntitiesDocument, { representations: [{ __typename: "Contact", id: contact.id }] });
    texts.push(entities.text);
    expect(entities.data!._entities[0]).toEqual(contact);
  });

  it.each([
    ["no email", { firstName: "Ana" }, [["input.emails", "REQUIRED"]]],
    ["an empty email list", { emails: [] }, [["input.emails", "REQUIRED"]]],
    [
      "a phone that is not a number",
      { emails: [{ address: "a@b.co" }], phones: [{ number: "call me" }] },
      [["input.phones.0.number", "INVALID"]],
    ],
    ["nested customFields", { emails: [{ address: "a@b.co" }], customFields: { a: { b: 1 } } }, [["input.customFields.a", "INVALID"]]],
  ])("answers %s with user errors before any upstream call", async (_name, input, expected) => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, CreateContactDocument, { provider: "MASIVO", input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createContact.contact).toBeNull();
    expect(res.data!.createContact.userErrors.map((e) => [e.field!.join("."), e.code])).toEqual(expected);
    expect(sim.stats.requests).toBe(before);
  });

  it("previews the exact request with the token redacted, without authorizing or sending", async () => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, PreviewCreateContactDocument, {
      provider: "MASIVO",
      input: {
        firstName: "Ana",
        emails: [{ address: "ana@example.co" }],
        gender: "FEMALE",
        masivo: { documentType: "CC", documentNumber: "1" },
      },
    });
    texts.push(res.text);
    const preview = res.data!.previewCreateContact;
    expect(preview).toMatchObject({ method: "POST", url: `${sim.url.href}/contacts`, userErrors: [], warnings: [] });
    expect(preview.headers).toMatchObject({
      authorization: "[REDACTED]",
      "x-account-id": "acct-default",
      "content-type": "application/json",
    });
    expect(preview.body).toEqual({
      first_name: "Ana",
      email: "ana@example.co",
      gender: "FEMALE",
      document_type: "CC",
      document_number: "1",
    });
    expect(sim.stats.requests).toBe(before);
  });

  it("reports Masivo's rules in contactProviders, from the table that validates", async () => {
    const res = await execute(subgraph.url, ContactProvidersDocument);
    const row = res.data!.contactProviders.find((p) => p.provider === "MASIVO")!;
    expect(row).toMatchObject({ configured: true, sandbox: false, connectionRequired: false, requiredFields: ["emails"] });
    expect(row.supportedFields).toEqual(
      expect.arrayContaining([
        "firstName",
        "lastName",
        "emails",
        "phones",
        "addresses",
        "addresses.postalCode",
        "dateOfBirth",
        "gender",
        "externalId",
        "customFields",
      ]),
    );
    for (const f of ["fullName", "companyName", "jobTitle", "taxId", "addresses.type"]) expect(row.supportedFields).not.toContain(f);
    expect(row.fields.find((f) => f.field === "emails")).toMatchObject({ storage: "FIRST_ONLY", required: true, upstreamField: "email" });
    expect(row.fields.find((f) => f.field === "addresses")).toMatchObject({ storage: "ALL", upstreamField: "addresses[]" });
  });

  it("never writes the API key or a JWT in a response or a log line", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, { provider: "MASIVO", input: { emails: [{ address: "a@b.co" }] } });
    texts.push(res.text);
    expect(sim.issued.length).toBeGreaterThan(0);
    expect(subgraph.logs.some((l) => l.includes('"upstream":[{'))).toBe(true);
    for (const secret of [API_KEY, ...sim.issued]) for (const text of [...texts, ...subgraph.logs]) expect(text).not.toContain(secret);
  });
});

describe("Masivo in the sandbox", () => {
  it("is served by the simulator, with ids that say sandbox", async () => {
    const subgraph = await startSubgraph({}, { sandbox: true });
    try {
      const res = await execute(subgraph.url, CreateContactDocument, {
        provider: "MASIVO",
        input: { emails: [{ address: "s@example.com" }] },
      });
      const contact = res.data!.createContact.contact!;
      expect(contact.id).toMatch(/^sandbox_ctc1_/);
      expect(contact.providerId).toMatch(/^5a4db0c5-/);
    } finally {
      await subgraph.stop();
    }
  });
});
