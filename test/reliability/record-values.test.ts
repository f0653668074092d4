import { Writable } from "node:stream";
import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { formatError } from "../../src/server.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { post } from "./support.js";

// A provider's 2xx record whose values do not fit the output types (a timestamp without a zone, a
// lower-case country, text where a date goes) was answered INTERNAL_SERVER_ERROR, with the value
// itself (a token, an email) in the message, next to outcome CREATED. Such a value is null in the
// unified fields and kept in providerData; a value that can be read (a country's case) is read.

const TOKEN = "stora-token-record-values";
const ECHO = `Bearer ${TOKEN} bob.stranger@example.org`;
const QUERY = `mutation($input: CreateContactInput!) {
  createContact(provider: STORA, input: $input) {
    outcome
    contact { id createdAt updatedAt addresses { city countryCode } providerData }
  }
}`;

describe("a record whose values do not fit the output types (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    upstream = await startFakeUpstream(() => ({
      status: 201,
      body: {
        contact: {
          id: "con_1",
          email: "ada@example.com",
          full_name: "Ada Lovelace",
          phone_number: null,
          metadata: {},
          address: { line_1: null, line_2: null, city: "London", postal_code: null, state: null, country_alpha2: "gb" },
          created_at: "2024-05-01 10:00:00",
          updated_at: ECHO,
        },
        meta: { request_id: "req_1" },
      },
    }));
    subgraph = await startSubgraph({ NODE_ENV: "production", LOG_LEVEL: "info", STORA_BASE_URL: upstream.url, STORA_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  it("answers CREATED with what fits, null for what does not, the raw record in providerData, and no error", async () => {
    const res = await post(subgraph.url, { query: QUERY, variables: { input: { emails: [{ address: "ada@example.com" }] } } });
    expect(res.errors, res.text).toBeUndefined();
    const contact = res.data!.createContact!.contact as unknown as Record<string, unknown>;
    expect(res.data!.createContact!.outcome).toBe("CREATED");
    expect(contact).toMatchObject({ createdAt: null, updatedAt: null, addresses: [{ city: "London", countryCode: "GB" }] });
    expect(contact.providerData).toMatchObject({ created_at: "2024-05-01 10:00:00", updated_at: ECHO });
    expect(subgraph.logs.join("\n")).not.toContain(TOKEN);
  });
});

describe("formatError", () => {
  it("answers any INTERNAL_SERVER_ERROR generically, a GraphQLError from graphql-js included, and logs no value it quotes", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const format = formatError(createLogger({ level: "info", destination }), { hideSuggestions: true });
    const error = new GraphQLError(`Enum "ContactGender" cannot represent value: "${ECHO}"`, { path: ["contact", "gender"] });
    const formatted = format({ message: error.message, path: ["contact", "gender"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, error);
    expect(formatted).toEqual({
      message: "Internal server error.",
      path: ["contact", "gender"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(lines.join("")).toContain('"path":["contact","gender"]');
    expect(lines.join("")).not.toContain(TOKEN);
  });
});

describe("a created record whose id could never be read back (production mode)", () => {
  let id = "";
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    upstream = await startFakeUpstream(() => ({
      status: 201,
      body: { contact: { id, email: "ada@example.com", metadata: {}, created_at: null, updated_at: null }, meta: {} },
    }));
    subgraph = await startSubgraph({ NODE_ENV: "production", LOG_LEVEL: "silent", STORA_BASE_URL: upstream.url, STORA_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  // contact(id) and _entities refuse these ids: a create must not answer CREATED with one.
  it.each([
    ["..", ".."],
    ["%2e%2e", "%2e%2e"],
    ["a line break", "c\nd"],
    ["1,100 characters", "x".repeat(1100)],
  ])("%s is PROVIDER_BAD_RESPONSE with outcome UNKNOWN", async (_, bad) => {
    id = bad;
    const res = await post(subgraph.url, { query: QUERY, variables: { input: { emails: [{ address: "ada@example.com" }] } } });
    expect(res.data?.createContact, res.text).toMatchObject({ outcome: "UNKNOWN", contact: null });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_BAD_RESPONSE", outcome: "UNKNOWN" });
  });
});
