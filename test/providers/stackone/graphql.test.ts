import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { decodeContactId, encodeContactId } from "../../../src/providers/global-id.js";
import { createStackOneSimulator } from "../../../src/providers/stackone/simulator.js";
import {
  ContactEntitiesDocument,
  ContactProvidersDocument,
  CreateContactDocument,
  PreviewCreateContactDocument,
} from "../../gql/graphql.js";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";
import { providerList } from "../../../src/providers/index.js";

const otherOptions = providerList.find((definition) => definition.id !== "STACKONE")!.optionsKey;

const KEY = "stackone-key-do-not-leak-9c1e";
const BASIC = Buffer.from(`${KEY}:`).toString("base64");
const paths = (list: { field?: string[] | null; code: string }[]) => list.map((w) => [w.field?.join(".") ?? null, w.code]);

describe("createContact(provider: STACKONE) over HTTP", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStackOneSimulator>>>>;
  let subgraph: TestSubgraph;
  let noDefault: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createStackOneSimulator(KEY, ["acc-A", "acc-B"]));
    subgraph = await startSubgraph({ STACKONE_BASE_URL: sim.url.href, STACKONE_API_KEY: KEY, STACKONE_ACCOUNT_ID: "acc-A" });
    noDefault = await startSubgraph({ STACKONE_BASE_URL: sim.url.href, STACKONE_API_KEY: KEY });
  });
  afterAll(async () => {
    await subgraph.stop();
    await noDefault.stop();
    await sim.close();
  });

  it("creates the contact and maps it back, with warnings for what StackOne cannot store", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "STACKONE",
      input: {
        firstName: "Ada",
        lastName: "Lovelace",
        fullName: "Ada King, Countess of Lovelace",
        emails: [{ address: "ada@example.com", type: "WORK" }, { address: "ada@home.example" }],
        phones: [{ number: "020 7946 0958", countryCode: "GB", type: "WORK" }, { number: "+447911123456" }],
        addresses: [{ line1: "12 Sky Lane", city: "London", countryCode: "GB" }],
        companyName: "Analytical Engines Ltd",
        jobTitle: "Mathematician",
        taxId: "GB123",
        customFields: { plan: "gold", units: 2 },
        stackone: { dealIds: ["deal-1"], accountIds: ["account-1"], passthrough: { other_known_names: "Ada Byron" } },
        // Another provider's options: ignored here, with a warning.
        ...({ [otherOptions]: {} } as object),
      },
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.createContact;
    expect(payload.userErrors).toEqual([]);
    const contact = payload.contact!;
    expect(contact).toMatchObject({
      provider: "STACKONE",
      connectionId: "acc-A",
      firstName: "Ada",
      lastName: "Lovelace",
      fullName: null,
      emails: [
        { address: "ada@example.com", type: null },
        { address: "ada@home.example", type: null },
      ],
      phones: [{ number: "+442079460958" }, { number: "+447911123456" }],
      addresses: [],
      companyName: "Analytical Engines Ltd",
      customFields: { plan: "gold", units: 2 },
    });
    expect(contact.providerId).toMatch(/^sandbox_ct_/);
    expect(contact.remoteId).toMatch(/^sandbox_crm_/);
    expect(contact.providerData).toMatchObject({ id: contact.providerId, deal_ids: ["deal-1"], account_ids: ["account-1"] });
    expect(decodeContactId(contact.id)).toEqual({
      provider: "STACKONE",
      connectionId: "acc-A",
      providerId: contact.providerId,
      sandbox: false,
    });
    expect(sim.contacts.get(contact.providerId)).toMatchObject({
      first_name: "Ada",
      emails: ["ada@example.com", "ada@home.example"],
      phone_numbers: ["+442079460958", "+447911123456"],
    });
    expect(paths(payload.warnings)).toEqual([
      ["input.fullName", "FIELD_NOT_SUPPORTED"],
      ["input.emails.0.type", "FIELD_NOT_SUPPORTED"],
      ["input.phones.0.type", "FIELD_NOT_SUPPORTED"],
      ["input.addresses", "FIELD_NOT_SUPPORTED"],
      ["input.jobTitle", "FIELD_NOT_SUPPORTED"],
      ["input.taxId", "FIELD_NOT_SUPPORTED"],
      [`input.${otherOptions}`, "FIELD_NOT_SUPPORTED"],
    ]);
  });

  it("creates in the linked account given as connectionId, not the default", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "STACKONE",
      input: { lastName: "Hopper" },
      connectionId: "acc-B",
    });
    const contact = res.data!.createContact.contact!;
    expect(contact.connectionId).toBe("acc-B");
    expect(decodeContactId(contact.id).connectionId).toBe("acc-B");
  });

  it("treats a blank connectionId as absent: the default linked account applies", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "STACKONE",
      input: { lastName: "Blank" },
      connectionId: "  ",
    });
    const contact = res.data!.createContact.contact!;
    expect(contact.connectionId).toBe("acc-A");
    expect(decodeContactId(contact.id).connectionId).toBe("acc-A");
  });

  it("resolves a created contact through _entities, read back in its own linked account only", async () => {
    const created = (
      await execute(subgraph.url, CreateContactDocument, {
        provider: "STACKONE",
        input: { firstName: "Ref", lastName: "Back" },
        connectionId: "acc-B",
      })
    ).data!.createContact.contact!;
    // The same StackOne id under the other account: StackOne would not find it there.
    const forged = encodeContactId({
      provider: ContactProvider.STACKONE,
      connectionId: "acc-A",
      providerId: created.providerId,
      sandbox: false,
    });
    const res = await execute(subgraph.url, ContactEntitiesDocument, {
      representations: [
        { __typename: "Contact", id: created.id },
        { __typename: "Contact", id: forged },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toMatchObject({
      id: created.id,
      connectionId: "acc-B",
      providerId: created.providerId,
      firstName: "Ref",
      lastName: "Back",
    });
    expect(res.data!._entities[1]).toBeNull();
  });

  it.each([
    ["no connectionId and no STACKONE_ACCOUNT_ID", "noDefault", { lastName: "Hopper" }, [["connectionId", "REQUIRED"]]],
    [
      "a blank customFields key",
      "subgraph",
      { lastName: "Hopper", customFields: { " ": "x", ok: 1 } },
      [["input.customFields. ", "INVALID"]],
    ],
    ["a phone that is not a number", "subgraph", { phones: [{ number: "call me" }] }, [["input.phones.0.number", "INVALID"]]],
    ["nested customFields", "subgraph", { customFields: { a: { b: 1 } } }, [["input.customFields.a", "INVALID"]]],
  ] as const)("answers %s with user errors before any upstream call", async (_name, which, input, expected) => {
    const before = sim.stats.requests;
    const target = which === "noDefault" ? noDefault : subgraph;
    const res = await execute(target.url, CreateContactDocument, { provider: "STACKONE", input: input as never });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createContact.contact).toBeNull();
    expect(paths(res.data!.createContact.userErrors)).toEqual(expected);
    expect(sim.stats.requests).toBe(before);
  });

  it("previews the exact request, with the key redacted, the linked account shown and nothing sent", async () => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, PreviewCreateContactDocument, {
      provider: "STACKONE",
      input: {
        firstName: "Grace",
        emails: [{ address: "grace@example.com" }],
        customFields: { team: "navy" },
        stackone: { passthrough: { rank: "admiral" } },
      },
      connectionId: "acc-B",
    });
    const preview = res.data!.previewCreateContact;
    expect(preview).toMatchObject({ method: "POST", url: `${sim.url.href}unified/crm/contacts`, userErrors: [], warnings: [] });
    expect(preview.headers).toMatchObject({ authorization: "[REDACTED]", "x-account-id": "acc-B", "content-type": "application/json" });
    expect(preview.body).toEqual({
      first_name: "Grace",
      emails: ["grace@example.com"],
      custom_fields: [{ name: "team", value: "navy" }],
      passthrough: { rank: "admiral" },
    });
    expect(res.text).not.toContain(KEY);
    expect(res.text).not.toContain(BASIC);
    expect(sim.stats.requests).toBe(before);
  });

  it("reports StackOne's rules in contactProviders, from the same table that validates", async () => {
    const res = await execute(subgraph.url, ContactProvidersDocument);
    const row = res.data!.contactProviders.find((p) => p.provider === "STACKONE")!;
    expect(row).toMatchObject({ configured: true, sandbox: false, connectionRequired: true, requiredFields: [] });
    expect(row.supportedFields).toEqual(
      expect.arrayContaining(["firstName", "lastName", "emails", "phones", "companyName", "customFields"]),
    );
    for (const field of ["fullName", "addresses", "emails.type", "phones.type", "jobTitle", "taxId"])
      expect(row.supportedFields).not.toContain(field);
    expect(row.fields.find((f) => f.field === "emails")).toMatchObject({ storage: "ALL", required: false, upstreamField: "emails[]" });
    expect(row.fields.find((f) => f.field === "customFields")).toMatchObject({
      storage: "ALL",
      upstreamField: "custom_fields[{name, value}]",
    });
    expect(row.fields.find((f) => f.field === "addresses")).toMatchObject({ storage: "NONE", upstreamField: null });
  });

  it("never writes the key, or its Basic encoding, in a response or a log line", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, { provider: "STACKONE", input: { lastName: "Hopper" } });
    expect(res.text).not.toContain(KEY);
    expect(subgraph.logs.length).toBeGreaterThan(0);
    expect(subgraph.logs.some((l) => l.includes('"upstream":[{'))).toBe(true);
    for (const line of [...subgraph.logs, ...noDefault.logs]) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain(BASIC);
    }
  });
});

describe("createContact(provider: STACKONE) in the sandbox", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(() => subgraph.stop());

  it("creates in the sandbox's default linked account, with ids that say sandbox", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "STACKONE",
      input: { firstName: "Sandy", emails: [{ address: "sandy@example.com" }] },
    });
    const contact = res.data!.createContact.contact!;
    expect(contact).toMatchObject({ connectionId: "sandbox_account_1", firstName: "Sandy" });
    expect(contact.id).toMatch(/^sandbox_/);
    expect(contact.providerId).toMatch(/^sandbox_ct_/);
    expect(decodeContactId(contact.id)).toMatchObject({ provider: "STACKONE", sandbox: true });
  });
});
