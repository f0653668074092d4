import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ContactEntitiesDocument,
  ContactProvidersDocument,
  CreateContactDocument,
  PreviewCreateContactDocument,
  type CreateContactInput,
} from "../../gql/graphql.js";
import { createGomobileSimulator, SANDBOX_ORGANIZATION_ID, type GomobileSimulator } from "../../../src/providers/gomobile/simulator.js";
import type { RunningSimulator } from "../../../src/sandbox/http.js";
import { execute } from "../../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";
import { providerList } from "../../../src/providers/index.js";

const otherOptions = providerList.find((definition) => definition.id !== "GOMOBILE")!.optionsKey;

const KEY = "gm-graphql-secret-5c1e9b";
const WRONG_KEY = "gm-wrong-secret-a7d2";
const phones = [{ number: "+212612345678" }];

let sim: GomobileSimulator & RunningSimulator;
let subgraph: TestSubgraph;
const texts: string[] = [];

async function create(input: CreateContactInput, extra: { connectionId?: string } = {}) {
  const res = await execute(subgraph.url, CreateContactDocument, { provider: "GOMOBILE", input, ...extra });
  texts.push(res.text);
  expect(res.errors).toBeUndefined();
  return res.data!.createContact;
}

beforeAll(async () => {
  sim = await startSimulator(createGomobileSimulator(KEY));
  subgraph = await startSubgraph({ GOMOBILE_BASE_URL: sim.url.href, GOMOBILE_API_KEY: KEY });
});
afterAll(async () => {
  await subgraph.stop();
  await sim.close();
});

describe("createContact(provider: GOMOBILE) over HTTP", () => {
  it("creates the contact, normalises the phone, and reads it back through _entities", async () => {
    const payload = await create({
      firstName: "Youssef",
      lastName: "Benali",
      fullName: "Youssef Benali",
      emails: [{ address: "youssef@example.ma" }],
      phones: [{ number: "06 12 34 56 78", countryCode: "MA" }],
      addresses: [{ line1: "45 Bd Zerktouni", line2: "Etage 2", city: "Casablanca", state: "Casablanca-Settat", postalCode: "20250" }],
      jobTitle: "Pharmacist",
      gender: "MALE",
      customFields: { tier: "gold" },
      gomobile: { preferredChannel: "voice", channels: ["voice"] },
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.warnings).toEqual([]);
    const c = payload.contact!;
    expect(c).toMatchObject({
      provider: "GOMOBILE",
      firstName: "Youssef",
      lastName: "Benali",
      fullName: "Youssef Benali",
      jobTitle: "Pharmacist",
      gender: "MALE",
      emails: [{ address: "youssef@example.ma" }],
      phones: [{ number: "+212612345678" }],
      addresses: [
        { line1: "45 Bd Zerktouni, Etage 2", city: "Casablanca", state: "Casablanca-Settat", postalCode: "20250", countryCode: null },
      ],
    });
    expect(c.id).toMatch(/^ctc1_/);
    expect(sim.contacts.get(c.providerId)).toMatchObject({
      primaryPhone: "+212612345678",
      gender: "male",
      occupation: "Pharmacist",
      zip: "20250",
    });
    expect(c.providerData).toEqual(sim.contacts.get(c.providerId));

    const read = await execute(subgraph.url, ContactEntitiesDocument, { representations: [{ __typename: "Contact", id: c.id }] });
    texts.push(read.text);
    expect(read.errors).toBeUndefined();
    expect(read.data?._entities[0]).toMatchObject({
      id: c.id,
      providerId: c.providerId,
      customFields: { tier: "gold" },
      firstName: "Youssef",
    });
  });

  it("warns about everything Gomobile cannot store, and still creates", async () => {
    const payload = await create(
      {
        phones: [{ number: "+212612345678", type: "MOBILE" }, { number: "+14155551234" }],
        emails: [{ address: "a@example.ma", type: "WORK" }, { address: "b@example.ma" }],
        addresses: [{ city: "Rabat", countryCode: "MA", type: "HOME" }, { state: "CA" }],
        companyName: "Acme",
        dateOfBirth: "1990-01-02",
        taxId: "T1",
        companyRegistrationNumber: "R1",
        externalId: "x-1",
        // Another provider's options: ignored here, with a warning.
        ...({ [otherOptions]: {} } as object),
      },
      { connectionId: "conn-1" },
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.contact?.providerId).toBeTruthy();
    const fields = payload.warnings.map((w) => w.field.join("."));
    expect(fields.sort()).toEqual(
      [
        "connectionId",
        "input.addresses.0.countryCode",
        "input.addresses.0.type",
        "input.addresses.1",
        "input.companyName",
        "input.companyRegistrationNumber",
        "input.dateOfBirth",
        "input.emails.0.type",
        "input.emails.1",
        "input.externalId",
        "input.phones.0.type",
        "input.phones.1",
        `input.${otherOptions}`,
        "input.taxId",
      ].sort(),
    );
    expect(payload.warnings.every((w) => w.code === "FIELD_NOT_SUPPORTED")).toBe(true);
    expect(sim.contacts.get(payload.contact!.providerId)).toMatchObject({ city: "Rabat", state: null });
  });
});

describe("rules answered before any upstream call", () => {
  const long = (n: number) => "x".repeat(n);
  it.each<[string, CreateContactInput, string[], string]>([
    ["no phone", { firstName: "Amina" }, ["input", "phones"], "REQUIRED"],
    ["a national phone without a region", { phones: [{ number: "0612345678" }] }, ["input", "phones", "0", "number"], "INVALID"],
    ["firstName of 1", { phones, firstName: "A" }, ["input", "firstName"], "TOO_SHORT"],
    ["firstName of 65", { phones, firstName: long(65) }, ["input", "firstName"], "TOO_LONG"],
    ["lastName of 65", { phones, lastName: long(65) }, ["input", "lastName"], "TOO_LONG"],
    ["fullName of 2", { phones, fullName: "Jo" }, ["input", "fullName"], "TOO_SHORT"],
    ["state CA", { phones, addresses: [{ state: "CA" }] }, ["input", "addresses", "0", "state"], "TOO_SHORT"],
    ["city of 2", { phones, addresses: [{ city: "Fe" }] }, ["input", "addresses", "0", "city"], "TOO_SHORT"],
    ["postalCode of 2", { phones, addresses: [{ postalCode: "75" }] }, ["input", "addresses", "0", "postalCode"], "TOO_SHORT"],
    ["postalCode of 65", { phones, addresses: [{ postalCode: long(65) }] }, ["input", "addresses", "0", "postalCode"], "TOO_LONG"],
    ["jobTitle of 2", { phones, jobTitle: "QA" }, ["input", "jobTitle"], "TOO_SHORT"],
    ["line1 of 2 alone", { phones, addresses: [{ line1: "12" }] }, ["input", "addresses", "0", "line1"], "TOO_SHORT"],
    ["line2 of 1 alone", { phones, addresses: [{ line2: "B" }] }, ["input", "addresses", "0", "line2"], "TOO_SHORT"],
    ["line1 of 257", { phones, addresses: [{ line1: long(257), line2: "B" }] }, ["input", "addresses", "0", "line1"], "TOO_LONG"],
    [
      "line1 + line2 over 256 joined",
      { phones, addresses: [{ line1: long(200), line2: long(55) }] },
      ["input", "addresses", "0", "line2"],
      "TOO_LONG",
    ],
    ["preferredChannel of 2", { phones, gomobile: { preferredChannel: "sm" } }, ["input", "gomobile", "preferredChannel"], "TOO_SHORT"],
    ["preferredChannel of 65", { phones, gomobile: { preferredChannel: long(65) } }, ["input", "gomobile", "preferredChannel"], "TOO_LONG"],
  ])("%s → %j %s", async (_name, input, field, code) => {
    const before = sim.stats.requests;
    const payload = await create(input);
    expect(payload.contact).toBeNull();
    expect(payload.userErrors.map((e) => ({ field: e.field, code: e.code }))).toEqual([{ field, code }]);
    expect(sim.stats.requests).toBe(before);
  });

  it("answers a phone that is not one as INVALID at the phone, once (no second error for its length)", async () => {
    const before = sim.stats.requests;
    const payload = await create({ phones: [{ number: "12" }] });
    expect(payload.userErrors.map((e) => [e.field, e.code])).toEqual([[["input", "phones", "0", "number"], "INVALID"]]);
    expect(sim.stats.requests).toBe(before);
  });

  it("accepts the boundaries: 2-char firstName, 1-char lastName, 256-char joined address", async () => {
    const payload = await create({
      phones,
      firstName: "Al",
      lastName: "B",
      addresses: [{ line1: "x".repeat(200), line2: "y".repeat(54) }],
    });
    expect(payload.userErrors).toEqual([]);
    expect(String(sim.contacts.get(payload.contact!.providerId)?.address)).toHaveLength(256);
  });
});

describe("preview, provider info, secrets", () => {
  it("previews the exact request with the key redacted, sending nothing", async () => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, PreviewCreateContactDocument, {
      provider: "GOMOBILE",
      input: { phones: [{ number: "+1 415 555 1234" }], gender: "FEMALE", addresses: [{ line1: "1 Main St", line2: "Suite 2" }] },
    });
    texts.push(res.text);
    expect(res.data?.previewCreateContact).toMatchObject({
      method: "POST",
      url: new URL("contact", sim.url.href.replace(/\/?$/, "/")).href,
      headers: { "x-api-key": "[REDACTED]", "content-type": "application/json" },
      body: { primaryPhone: "+14155551234", gender: "female", address: "1 Main St, Suite 2" },
      userErrors: [],
    });
    expect(sim.stats.requests).toBe(before);
  });

  it("describes Gomobile in contactProviders", async () => {
    const res = await execute(subgraph.url, ContactProvidersDocument, {});
    texts.push(res.text);
    const row = res.data!.contactProviders.find((p) => p.provider === "GOMOBILE")!;
    expect(row).toMatchObject({ configured: true, sandbox: false, connectionRequired: false, requiredFields: ["phones"] });
    expect(row.supportedFields).toEqual(
      expect.arrayContaining(["firstName", "phones", "addresses.line2", "jobTitle", "gender", "customFields"]),
    );
    expect(row.supportedFields).not.toContain("addresses.countryCode");
    expect(row.fields.find((f) => f.field === "addresses.state")).toMatchObject({
      storage: "FIRST_ONLY",
      upstreamField: "state",
      minLength: 3,
      maxLength: 64,
    });
    expect(row.fields.find((f) => f.field === "phones")).toMatchObject({
      storage: "FIRST_ONLY",
      required: true,
      upstreamField: "primaryPhone",
      maxLength: 20,
    });
  });

  it("answers a refused key as PROVIDER_AUTH_FAILED without the key anywhere", async () => {
    const wrong = await startSubgraph({ GOMOBILE_BASE_URL: sim.url.href, GOMOBILE_API_KEY: WRONG_KEY });
    try {
      const res = await execute(wrong.url, CreateContactDocument, { provider: "GOMOBILE", input: { phones } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_AUTH_FAILED", provider: "Gomobile", upstreamStatus: 401 });
      expect(res.text).not.toContain(WRONG_KEY);
      expect(wrong.logs.length).toBeGreaterThan(0);
      expect(wrong.logs.join("\n")).not.toContain(WRONG_KEY);
    } finally {
      await wrong.stop();
    }
  });

  it("serves Gomobile from the sandbox with ids that say so", async () => {
    const sandbox = await startSubgraph({}, { sandbox: true });
    try {
      const res = await execute(sandbox.url, CreateContactDocument, { provider: "GOMOBILE", input: { phones, firstName: "Sara" } });
      const contact = res.data?.createContact.contact;
      expect(contact?.id).toMatch(/^sandbox_ctc1_/);
      expect(contact?.providerData).toMatchObject({ organizationId: SANDBOX_ORGANIZATION_ID, primaryPhone: "+212612345678" });
    } finally {
      await sandbox.stop();
    }
  });

  it("never shows the configured key in a response or a log line", () => {
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(text).not.toContain(KEY);
    expect(subgraph.logs.some((l) => l.includes('"provider":"Gomobile"'))).toBe(true);
    for (const line of subgraph.logs) expect(line).not.toContain(KEY);
  });
});
