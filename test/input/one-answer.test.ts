import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateContactDocument, PreviewCreateContactDocument, type ContactProvider, type CreateContactInput } from "../gql/graphql.js";
import { startFakeUpstream } from "../helpers/fake-upstream.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

// Issue 16: every problem with the input comes back in one response, as userErrors with paths.
// Format problems used to stop at the input scalars (HTTP 400, data null, the path only in the
// message) and hid the provider's own rules.

type Problem = [path: string, code: string];
const problems = (list: { field?: string[] | null; code: string }[]) => list.map((e): Problem => [e.field?.join(".") ?? "", e.code]);

describe("one answer lists every input problem, with paths", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  /** Runs the create and the preview; both must answer 200 with the same user errors and no GraphQL error. */
  async function answer(provider: ContactProvider, input: CreateContactInput) {
    const created = await execute(subgraph.url, CreateContactDocument, { provider, input });
    expect(created.status, created.text).toBe(200);
    expect(created.errors, created.text).toBeUndefined();
    const payload = created.data!.createContact;
    const preview = await execute(subgraph.url, PreviewCreateContactDocument, { provider, input });
    expect(preview.errors, preview.text).toBeUndefined();
    expect(preview.data!.previewCreateContact.userErrors).toEqual(payload.userErrors);
    return payload;
  }

  const valid = { lastName: "Lovelace", emails: [{ address: "ada@example.com" }], phones: [{ number: "+442079460958" }] };

  it.each<[string, CreateContactInput, Problem]>([
    ["an email address", { ...valid, emails: [{ address: "not-an-email" }] }, ["input.emails.0.address", "INVALID"]],
    [
      "an address's country code",
      { ...valid, addresses: [{ city: "Rabat", countryCode: "XX" }] },
      ["input.addresses.0.countryCode", "INVALID"],
    ],
    [
      "a phone's country code",
      { ...valid, phones: [{ number: "0612345678", countryCode: "Morocco" }] },
      ["input.phones.0.countryCode", "INVALID"],
    ],
    ["a phone number", { ...valid, phones: [{ number: "call me" }] }, ["input.phones.0.number", "INVALID"]],
    ["a date in another notation", { ...valid, dateOfBirth: "10/12/1815" }, ["input.dateOfBirth", "INVALID"]],
    ["a date that does not exist", { ...valid, dateOfBirth: "1815-02-30" }, ["input.dateOfBirth", "INVALID"]],
  ])("%s in a wrong format is an INVALID user error at its path", async (_name, input, expected) => {
    const payload = await answer("MASIVO", input);
    expect(problems(payload.userErrors)).toEqual([expected]);
    expect(payload).toMatchObject({ contact: null, outcome: "NOT_CREATED" });
    // A message a person can read, not the scalar's echo of the value.
    expect(payload.userErrors[0].message).not.toMatch(/Value is not a valid/);
  });

  // Each provider: format problems together with the provider's own rules, in one response.
  it.each<[ContactProvider, CreateContactInput, Problem[]]>([
    [
      "STORA",
      {
        emails: [{ address: "not-an-email" }],
        addresses: [{ city: "London", countryCode: "XX" }],
        phones: [{ number: "call me" }],
        taxId: "x".repeat(31),
      },
      [
        ["input.emails.0.address", "INVALID"],
        ["input.phones.0.number", "INVALID"],
        ["input.addresses.0.countryCode", "INVALID"],
        ["input.taxId", "TOO_LONG"],
      ],
    ],
    [
      "MASIVO",
      { firstName: "Ada", addresses: [{ city: "Rabat", countryCode: "XX" }], dateOfBirth: "10/12/1815" },
      [
        ["input.addresses.0.countryCode", "INVALID"],
        ["input.dateOfBirth", "INVALID"],
        ["input.emails", "REQUIRED"],
      ],
    ],
    [
      "STACKONE",
      { emails: [{ address: "ada@" }], phones: [{ number: "0612345678", countryCode: "XX" }], customFields: { " ": "x" } },
      [
        ["input.emails.0.address", "INVALID"],
        ["input.phones.0.countryCode", "INVALID"],
        ["input.customFields. ", "INVALID"],
      ],
    ],
    [
      "GOMOBILE",
      { firstName: "A", emails: [{ address: "not-an-email" }], dateOfBirth: "1990-13-01", gomobile: { preferredChannel: "ab" } },
      [
        ["input.emails.0.address", "INVALID"],
        ["input.dateOfBirth", "INVALID"],
        ["input.firstName", "TOO_SHORT"],
        ["input.phones", "REQUIRED"],
        ["input.gomobile.preferredChannel", "TOO_SHORT"],
      ],
    ],
    [
      "ALLOY",
      {
        firstName: "Ada",
        emails: [{ address: "not-an-email" }],
        addresses: [{ city: "London", countryCode: "XX" }],
        dateOfBirth: "10/12/1815",
      },
      [
        ["input.emails.0.address", "INVALID"],
        ["input.addresses.0.countryCode", "INVALID"],
        ["input.dateOfBirth", "INVALID"],
        ["input.lastName", "REQUIRED"],
      ],
    ],
  ])("%s: format problems and the provider's rules in one response", async (provider, input, expected) => {
    const payload = await answer(provider, input);
    expect(problems(payload.userErrors)).toEqual(expected);
    expect(payload).toMatchObject({ contact: null, outcome: "NOT_CREATED" });
  });

  it("gives a value whose format is wrong no second error for its length", async () => {
    const payload = await answer("GOMOBILE", { phones: [{ number: "1" }] });
    expect(problems(payload.userErrors)).toEqual([["input.phones.0.number", "INVALID"]]);
  });
  it("refuses a list of more than 50 emails, phones or addresses before reading any item", async () => {
    const many = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));
    const input = {
      ...valid,
      emails: many(51, (i) => ({ address: `ada${i}@example.com` })),
      phones: many(1_000, () => ({ number: "not a phone" })),
      addresses: many(50, () => ({ city: "London" })),
    };
    const payload = await answer("STACKONE", input);
    expect(problems(payload.userErrors)).toEqual([
      ["input.emails", "TOO_LONG"],
      ["input.phones", "TOO_LONG"],
    ]);
    expect(payload.userErrors[1].message).toBe("At most 50 items (this list has 1000); no provider stores more.");
  });
});

describe("blank and padded values", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it("trims every string before it is checked and sent", async () => {
    const input = {
      firstName: "  Ada ",
      lastName: "Lovelace\t",
      emails: [{ address: " ada@example.com " }],
      phones: [{ number: " +44 20 7946 0958 ", countryCode: " gb " }],
      addresses: [{ city: " London ", countryCode: " gb " }],
      dateOfBirth: " 1815-12-10 ",
      masivo: { documentNumber: " 12345 " },
    };
    const res = await execute(subgraph.url, PreviewCreateContactDocument, { provider: "MASIVO", input });
    expect(res.errors, res.text).toBeUndefined();
    expect(res.data!.previewCreateContact.userErrors).toEqual([]);
    expect(res.data!.previewCreateContact.body).toMatchObject({
      first_name: "Ada",
      last_name: "Lovelace",
      email: "ada@example.com",
      phone: "+442079460958",
      dob: "1815-12-10",
      document_number: "12345",
    });
    expect(JSON.stringify(res.data!.previewCreateContact.body)).not.toMatch(/"\s|\s"/);
  });

  it("treats a blank email, phone or address as absent: no error, nothing sent, paths keep the caller's indices", async () => {
    const input = {
      emails: [{ address: "  ", type: "WORK" as const }, { address: "not-an-email" }, { address: "" }, { address: "ada@example.com" }],
      phones: [{ number: " ", countryCode: "GB" }],
      addresses: [{ line1: " ", city: "", type: "HOME" as const }],
    };
    const payload = (await execute(subgraph.url, CreateContactDocument, { provider: "STORA", input })).data!.createContact;
    // The caller's second email is the bad one; the fourth is the one Stora cannot store.
    expect(problems(payload.userErrors)).toEqual([["input.emails.1.address", "INVALID"]]);
    expect(problems(payload.warnings)).toEqual([["input.emails.3", "FIELD_NOT_SUPPORTED"]]);
  });

  it("maps a provider's own rejection back to the caller's index too", async () => {
    // An address our checks accept and Stora refuses (a domain it will not mail, say): Stora's documented 422
    // names /email, the primary email, which is the caller's second item once the blank first one is dropped.
    const stora = await startFakeUpstream(() => ({
      status: 422,
      body: {
        error: {
          code: "invalid_content",
          type: "invalid_request_error",
          message: "The request body content is not valid.",
          details: [{ message: "value at `/email` does not match format: email", pointer: "/email" }],
        },
      },
    }));
    const rejecting = await startSubgraph({ LOG_LEVEL: "silent", STORA_BASE_URL: stora.url, STORA_TOKEN: "stora-token" });
    try {
      const input = { emails: [{ address: "" }, { address: "ada@example.com" }] };
      const payload = (await execute(rejecting.url, CreateContactDocument, { provider: "STORA", input })).data!.createContact;
      expect(problems(payload.userErrors)).toEqual([["input.emails.1.address", "REJECTED_BY_PROVIDER"]]);
      expect(stora.received).toHaveLength(1);
    } finally {
      await rejecting.stop();
      await stora.close();
    }
  });

  it("creates with the first email that is not blank as the primary", async () => {
    const input = { emails: [{ address: " " }, { address: " ada@example.com " }], phones: [{ number: "" }] };
    const res = await execute(subgraph.url, CreateContactDocument, { provider: "STORA", input });
    expect(res.errors, res.text).toBeUndefined();
    expect(res.data!.createContact).toMatchObject({ outcome: "CREATED", userErrors: [], warnings: [] });
    expect(res.data!.createContact.contact!.emails).toEqual([{ address: "ada@example.com", type: null }]);
  });

  it("answers a provider that requires a value with REQUIRED when every item is blank", async () => {
    const payload = (await execute(subgraph.url, CreateContactDocument, { provider: "STORA", input: { emails: [{ address: " " }] } })).data!
      .createContact;
    expect(problems(payload.userErrors)).toEqual([["input.emails", "REQUIRED"]]);
  });

  it("drops blank ids from a provider's option lists", async () => {
    const input = { lastName: "Hopper", stackone: { dealIds: ["deal-1", " "], accountIds: [""] } };
    const res = await execute(subgraph.url, PreviewCreateContactDocument, { provider: "STACKONE", input });
    expect(res.data!.previewCreateContact.userErrors).toEqual([]);
    expect(res.data!.previewCreateContact.body).toMatchObject({ deal_ids: ["deal-1"] });
  });
});

describe("README, For frontends", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it("shows the response the subgraph gives to its worked example", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## For frontends"));
    const [variables, response] = [...section.matchAll(/```json\n([\s\S]*?)```/g)].slice(0, 2).map((m) => JSON.parse(m[1]));
    const res = await execute(subgraph.url, CreateContactDocument, variables);
    expect(res.status).toBe(200);
    const { outcome, contact, userErrors } = res.data!.createContact;
    expect({ data: { createContact: { outcome, contact, userErrors } } }).toEqual(response);
  });
});
