import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoraSimulator } from "../../../src/providers/stora/simulator.js";
import { decodeContactId } from "../../../src/providers/global-id.js";
import { ContactProvidersDocument, CreateContactDocument, PreviewCreateContactDocument } from "../../gql/graphql.js";
import { execute } from "../../helpers/graphql.js";
import { startFakeUpstream } from "../../helpers/fake-upstream.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../../helpers/server.js";

const TOKEN = "stora-token-do-not-leak-7f3a";

describe("createContact(provider: STORA) over HTTP", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator(TOKEN));
    subgraph = await startSubgraph({ STORA_BASE_URL: sim.url.href, STORA_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await subgraph.stop();
    await sim.close();
  });

  it("creates the contact and maps it back, with warnings for what Stora cannot store", async () => {
    const res = await execute(subgraph.url, CreateContactDocument, {
      provider: "STORA",
      input: {
        firstName: "Ada",
        lastName: "Lovelace",
        emails: [{ address: "ada@example.com", type: "WORK" }, { address: "ada@home.example" }],
        phones: [{ number: "020 7946 0958", countryCode: "GB" }],
        addresses: [{ line1: "12 Sky Lane", city: "London", postalCode: "N1 9GU", countryCode: "GB", type: "HOME" }],
        companyName: "Analytical Engines Ltd",
        taxId: "GB123456789",
        customFields: { plan: "gold", units: 2 },
        stora: { type: "COMPANY", source: "WALKIN", marketingSource: "GOOGLE_SEARCH", useCase: "MORE_SPACE" },
      },
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.createContact;
    expect(payload.userErrors).toEqual([]);
    const contact = payload.contact!;
    expect(contact).toMatchObject({
      provider: "STORA",
      connectionId: null,
      fullName: "Ada Lovelace",
      emails: [{ address: "ada@example.com", type: null }],
      phones: [{ number: "+442079460958" }],
      addresses: [{ line1: "12 Sky Lane", city: "London", postalCode: "N1 9GU", countryCode: "GB" }],
      taxId: "GB123456789",
      customFields: { plan: "gold", units: 2 },
    });
    expect(contact.providerData).toMatchObject({
      id: contact.providerId,
      type: "company",
      source: "walkin",
      marketing_source: "google_search",
      use_case: "more_space",
    });
    expect(decodeContactId(contact.id)).toEqual({ provider: "STORA", connectionId: null, providerId: contact.providerId, sandbox: false });
    expect(sim.contacts.get(contact.providerId)).toMatchObject({
      email: "ada@example.com",
      full_name: "Ada Lovelace",
      phone_number: "+442079460958",
    });
    expect(payload.warnings.map((w) => [w.field.join("."), w.code])).toEqual([
      ["input.emails.1", "FIELD_NOT_SUPPORTED"],
      ["input.emails.0.type", "FIELD_NOT_SUPPORTED"],
      ["input.addresses.0.type", "FIELD_NOT_SUPPORTED"],
      ["input.companyName", "FIELD_NOT_SUPPORTED"],
    ]);
  });

  it.each([
    ["no email", { firstName: "Ada" }, [["input.emails", "REQUIRED"]]],
    ["an empty email list", { emails: [] }, [["input.emails", "REQUIRED"]]],
    ["a 31-character tax id", { emails: [{ address: "a@b.co" }], taxId: "x".repeat(31) }, [["input.taxId", "TOO_LONG"]]],
    [
      "a 31-character company number",
      { emails: [{ address: "a@b.co" }], companyRegistrationNumber: "1".repeat(31) },
      [["input.companyRegistrationNumber", "TOO_LONG"]],
    ],
    [
      "a phone that is not a number",
      { emails: [{ address: "a@b.co" }], phones: [{ number: "call me" }] },
      [["input.phones.0.number", "INVALID"]],
    ],
    [
      "a national phone without a region",
      { emails: [{ address: "a@b.co" }], phones: [{ number: "020 7946 0958" }] },
      [["input.phones.0.number", "INVALID"]],
    ],
    ["nested customFields", { emails: [{ address: "a@b.co" }], customFields: { a: { b: 1 } } }, [["input.customFields.a", "INVALID"]]],
  ])("answers %s with user errors before any upstream call", async (_name, input, expected) => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, CreateContactDocument, { provider: "STORA", input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createContact.contact).toBeNull();
    expect(res.data!.createContact.userErrors.map((e) => [e.field!.join("."), e.code])).toEqual(expected);
    expect(sim.stats.requests).toBe(before);
  });

  it("rejects a value outside Stora's enums as a GraphQL validation error naming the field", async () => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "mutation($i: CreateContactInput!) { createContact(provider: STORA, input: $i) { contact { id } } }",
        variables: { i: { emails: [{ address: "a@b.co" }], stora: { type: "PERSONAL" } } },
      }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0].message).toContain("stora.type");
  });

  it("maps Stora's own 422 back to the unified field, without the raw body", async () => {
    // Rules Stora applies that we cannot know in advance reach it; its pointer comes back as our path.
    const fake = await startFakeUpstream(() => ({
      status: 422,
      body: {
        error: {
          code: "invalid_content",
          type: "invalid_request_error",
          message: "The request body content is not valid.",
          request_id: "r-1",
          details: [{ pointer: "/address/postal_code", message: "value at `/address/postal_code` is not a valid postcode" }],
          links: [{ kind: "open_api", url: "https://x" }],
        },
      },
    }));
    const other = await startSubgraph({ STORA_BASE_URL: fake.url, STORA_TOKEN: TOKEN });
    try {
      const res = await execute(other.url, CreateContactDocument, {
        provider: "STORA",
        input: { emails: [{ address: "a@b.co" }], addresses: [{ postalCode: "ZZZ", countryCode: "GB" }] },
      });
      expect(res.data!.createContact).toMatchObject({
        contact: null,
        userErrors: [
          {
            field: ["input", "addresses", "0", "postalCode"],
            code: "REJECTED_BY_PROVIDER",
            message: "value at `/address/postal_code` is not a valid postcode",
          },
        ],
      });
      expect(res.text).not.toContain("open_api");
    } finally {
      await other.stop();
      await fake.close();
    }
  });

  it("previews the exact request, with the token redacted and nothing sent", async () => {
    const before = sim.stats.requests;
    const res = await execute(subgraph.url, PreviewCreateContactDocument, {
      provider: "STORA",
      input: { fullName: "Grace Hopper", emails: [{ address: "grace@example.com" }], stora: { useCase: "REFURB" } },
    });
    const preview = res.data!.previewCreateContact;
    expect(preview).toMatchObject({ method: "POST", url: `${sim.url.href}/contacts`, userErrors: [], warnings: [] });
    expect(preview.headers).toMatchObject({ authorization: "[REDACTED]", "content-type": "application/json" });
    expect(preview.body).toEqual({ email: "grace@example.com", full_name: "Grace Hopper", use_case: "refurb" });
    expect(res.text).not.toContain(TOKEN);
    expect(sim.stats.requests).toBe(before);
  });

  it("reports Stora's rules in contactProviders, from the same table that validates", async () => {
    const res = await execute(subgraph.url, ContactProvidersDocument);
    const stora = res.data!.contactProviders.find((p) => p.provider === "STORA")!;
    expect(stora).toMatchObject({ configured: true, sandbox: false, connectionRequired: false, requiredFields: ["emails"] });
    expect(stora.supportedFields).toEqual(
      expect.arrayContaining(["fullName", "emails", "phones", "addresses.countryCode", "taxId", "customFields"]),
    );
    expect(stora.supportedFields).not.toContain("companyName");
    expect(stora.fields.find((f) => f.field === "taxId")).toMatchObject({ storage: "ALL", maxLength: 30, upstreamField: "tax_id" });
    expect(stora.fields.find((f) => f.field === "emails")).toMatchObject({ storage: "FIRST_ONLY", required: true });
  });

  it("never writes the token in a response or a log line", async () => {
    await execute(subgraph.url, CreateContactDocument, { provider: "STORA", input: { emails: [{ address: "a@b.co" }] } });
    expect(subgraph.logs.length).toBeGreaterThan(0);
    for (const line of subgraph.logs) expect(line).not.toContain(TOKEN);
  });
});
