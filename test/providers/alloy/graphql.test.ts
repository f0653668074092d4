import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlloySimulator } from "../../../src/providers/alloy/simulator.js";
import { decodeContactId } from "../../../src/providers/global-id.js";
import {
  ContactEntitiesDocument,
  ContactProvidersDocument,
  CreateContactDocument,
  PreviewCreateContactDocument,
} from "../../gql/graphql.js";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";

const KEY = "alloy-key-do-not-leak-9c2e";
const CRED = "cred-main";

describe("createContact(provider: ALLOY) over HTTP", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createAlloySimulator>>>>;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createAlloySimulator(KEY, [CRED, "cred-other"]));
    subgraph = await startSubgraph({ ALLOY_BASE_URL: sim.url.href, ALLOY_API_KEY: KEY, ALLOY_CREDENTIAL_ID: CRED });
  });
  afterAll(async () => {
    await subgraph.stop();
    await sim.close();
  });

  it("creates the contact with every list stored and maps it back, with warnings for what Alloy cannot store", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "ALLOY",
      input: {
        firstName: "Ada",
        lastName: "Lovelace",
        fullName: "Ada King",
        emails: [{ address: "ada@example.com", type: "WORK" }, { address: "ada@home.example" }],
        phones: [{ number: "020 7946 0958", countryCode: "GB", type: "MOBILE" }, { number: "+442079460959" }],
        addresses: [
          { line1: "12 Sky Lane", city: "London", postalCode: "N1 9GU", countryCode: "GB", type: "HOME" },
          { city: "Leeds", type: "BILLING" },
        ],
        companyName: "Analytical Engines Ltd",
        jobTitle: "Analyst",
        dateOfBirth: "1815-12-10",
        gender: "FEMALE",
        taxId: "GB1",
        companyRegistrationNumber: "SC1",
        externalId: "ext-1",
        customFields: { plan: "gold", source: "web" },
        alloy: { remoteFields: { source: "partner", Nested__c: { a: 1 } } },
      },
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.createContact;
    expect(payload.userErrors).toEqual([]);
    const contact = payload.contact!;
    expect(contact).toMatchObject({
      provider: "ALLOY",
      connectionId: CRED,
      firstName: "Ada",
      lastName: "Lovelace",
      fullName: null,
      companyName: "Analytical Engines Ltd",
      emails: [
        { address: "ada@example.com", type: "WORK" },
        { address: "ada@home.example", type: null },
      ],
      phones: [
        { number: "+442079460958", type: "MOBILE" },
        { number: "+442079460959", type: null },
      ],
      addresses: [
        { line1: "12 Sky Lane", line2: null, city: "London", postalCode: "N1 9GU", countryCode: "GB", type: "HOME" },
        { city: "Leeds", countryCode: null, type: "BILLING" },
      ],
      jobTitle: null,
      taxId: null,
    });
    expect(contact.providerId).toMatch(/^sandbox-/);
    expect(contact.createdAt).toMatch(/\.\d{3}Z$/);
    expect(contact.providerData).toEqual(sim.contacts.get(contact.providerId));
    expect(decodeContactId(contact.id)).toEqual({ provider: "ALLOY", connectionId: CRED, providerId: contact.providerId, sandbox: false });
    expect(sim.remoteFields.get(contact.providerId)).toEqual({ plan: "gold", source: "partner", Nested__c: { a: 1 } });
    expect(payload.warnings.map((w) => [w.field.join("."), w.code])).toEqual([
      ["input.fullName", "FIELD_NOT_SUPPORTED"],
      ["input.jobTitle", "FIELD_NOT_SUPPORTED"],
      ["input.dateOfBirth", "FIELD_NOT_SUPPORTED"],
      ["input.gender", "FIELD_NOT_SUPPORTED"],
      ["input.taxId", "FIELD_NOT_SUPPORTED"],
      ["input.companyRegistrationNumber", "FIELD_NOT_SUPPORTED"],
      ["input.externalId", "FIELD_NOT_SUPPORTED"],
      ["input.customFields.source", "FIELD_NOT_SUPPORTED"],
    ]);
  });

  it("creates under the connectionId given, and resolves the entity back through that credential", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "ALLOY",
      connectionId: "cred-other",
      input: { lastName: "Hopper" },
    });
    const contact = res.data!.createContact.contact!;
    expect(contact.connectionId).toBe("cred-other");
    const entities = await execute(subgraph.url, ContactEntitiesDocument, { representations: [{ __typename: "Contact", id: contact.id }] });
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities[0]).toEqual(contact);
  });

  it.each([
    ["no last name", { firstName: "Ada" }, [["input.lastName", "REQUIRED"]]],
    ["a blank last name", { lastName: "   " }, [["input.lastName", "REQUIRED"]]],
    ["only a full name", { fullName: "Ada Lovelace" }, [["input.lastName", "REQUIRED"]]],
    ["a phone that is not a number", { lastName: "L", phones: [{ number: "call me" }] }, [["input.phones.0.number", "INVALID"]]],
    ["nested customFields", { lastName: "L", customFields: { a: { b: 1 } } }, [["input.customFields.a", "INVALID"]]],
  ])("answers %s with user errors before any upstream call", async (_name, input, expected) => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, CreateContactDocument, { provider: "ALLOY", input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createContact.contact).toBeNull();
    expect(res.data!.createContact.userErrors.map((e) => [e.field!.join("."), e.code])).toEqual(expected);
    expect(sim.stats.requests).toBe(before);
  });

  it("answers a missing connection (no connectionId, no ALLOY_CREDENTIAL_ID) with REQUIRED before any call", async () => {
    const other = await startSubgraph({ ALLOY_BASE_URL: sim.url.href, ALLOY_API_KEY: KEY });
    try {
      const before = sim.stats.requests;
      const res = await execute(other.url, CreateContactDocument, { provider: "ALLOY", input: { lastName: "L" } });
      expect(res.data!.createContact.userErrors).toMatchObject([{ field: ["connectionId"], code: "REQUIRED" }]);
      expect(res.data!.createContact.userErrors[0].message).toContain("ALLOY_CREDENTIAL_ID");
      expect(sim.stats.requests).toBe(before);
    } finally {
      await other.stop();
    }
  });

  it("answers an unknown credential as PROVIDER_NOT_CONFIGURED, without the upstream body", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "ALLOY",
      connectionId: "cred-unknown",
      input: { lastName: "L" },
    });
    expect(res.errors![0].extensions).toMatchObject({ code: "PROVIDER_NOT_CONFIGURED", provider: "Alloy", upstreamStatus: 404 });
    expect(res.text).not.toContain("Credential not found");
  });

  it("previews the exact request, with the key redacted and nothing sent", async () => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, PreviewCreateContactDocument, {
      provider: "ALLOY",
      connectionId: "cred-other",
      input: { lastName: "Hopper", emails: [{ address: "grace@example.com", type: "PERSONAL" }], customFields: { a: 1 } },
    });
    const preview = res.data!.previewCreateContact;
    expect(preview).toMatchObject({
      method: "POST",
      url: `${sim.url.href}/one/crm/contacts?credentialId=cred-other`,
      userErrors: [],
      warnings: [],
    });
    expect(preview.headers).toMatchObject({ authorization: "[REDACTED]", "content-type": "application/json" });
    expect(preview.body).toEqual({
      lastName: "Hopper",
      emailAddresses: [{ emailAddressType: "personal", emailAddress: "grace@example.com" }],
      remoteFields: { a: 1 },
    });
    expect(res.text).not.toContain(KEY);
    expect(sim.stats.requests).toBe(before);
  });

  it("reports Alloy's rules in contactProviders, from the same table that validates", async () => {
    const res = await execute(subgraph.url, ContactProvidersDocument);
    const alloy = res.data!.contactProviders.find((p) => p.provider === "ALLOY")!;
    expect(alloy).toMatchObject({ configured: true, sandbox: false, connectionRequired: true, requiredFields: ["lastName"] });
    expect(alloy.supportedFields).toEqual(
      expect.arrayContaining(["firstName", "emails", "emails.type", "phones.type", "addresses.type", "companyName", "customFields"]),
    );
    for (const f of ["fullName", "jobTitle", "dateOfBirth", "gender", "taxId", "companyRegistrationNumber", "externalId"])
      expect(alloy.supportedFields).not.toContain(f);
    expect(alloy.fields.find((f) => f.field === "emails")).toMatchObject({
      storage: "ALL",
      upstreamField: "emailAddresses[].emailAddress",
    });
    expect(alloy.fields.find((f) => f.field === "companyName")).toMatchObject({ storage: "ALL", upstreamField: "account" });
  });

  it("never writes the key in a response or a log line", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "ALLOY",
      input: { lastName: "L", emails: [{ address: "a@b.co" }] },
    });
    expect(res.text).not.toContain(KEY);
    expect(subgraph.logs.length).toBeGreaterThan(0);
    for (const line of subgraph.logs) expect(line).not.toContain(KEY);
  });
});

describe("Alloy in the built-in sandbox", () => {
  it("creates against the simulator with its default credential, and the ids say sandbox", async () => {
    const subgraph = await startSubgraph({}, { sandbox: true });
    try {
      const res = await execute(subgraph.url, CreateContactDocument, { provider: "ALLOY", input: { lastName: "Sandbox" } });
      const contact = res.data!.createContact.contact!;
      expect(contact.connectionId).toBe("sandbox-credential-1");
      expect(contact.providerId).toMatch(/^sandbox-/);
      expect(contact.id).toMatch(/^sandbox_/);
      expect(decodeContactId(contact.id).sandbox).toBe(true);
    } finally {
      await subgraph.stop();
    }
  });
});
