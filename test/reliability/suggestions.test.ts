import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { post } from "./support.js";

// Production hides the schema it hides: where introspection is off, no error suggests a name the
// caller did not send. Each kind of misspelling, in validation and in variable coercion.
const MISSPELLINGS: [kind: string, body: { query: string; variables?: Record<string, unknown> }, hidden: string][] = [
  ["enum value literal", { query: "{ contactProvider: previewCreateContact(provider: STOR, input: {}) { method } }" }, "STORA"],
  [
    "enum value in a variable",
    { query: "query($p: ContactProvider!) { previewCreateContact(provider: $p, input: {}) { method } }", variables: { p: "STOR" } },
    "STORA",
  ],
  ["field", { query: "{ contactProvider { provider } }" }, "contactProviders"],
  ["argument", { query: '{ previewCreateContact(provider: STORA, input: {}, conectionId: "a") { method } }' }, "connectionId"],
  ["type", { query: "query($i: CreateContactInpt!) { __typename }" }, "CreateContactInput"],
  [
    "input field literal",
    { query: '{ previewCreateContact(provider: STORA, input: { emailz: [{ address: "a@b.co" }] }) { method } }' },
    "emails",
  ],
  [
    "input field in a variable",
    {
      query: "query($i: CreateContactInput!) { previewCreateContact(provider: STORA, input: $i) { method } }",
      variables: { i: { emailz: [] } },
    },
    "emails",
  ],
  [
    "nested enum value in a variable",
    {
      query: "query($i: CreateContactInput!) { previewCreateContact(provider: STORA, input: $i) { method } }",
      variables: { i: { emails: [{ address: "a@b.co", type: "WORKK" }] } },
    },
    "WORK",
  ],
];

async function errorsFor(subgraph: TestSubgraph, body: { query: string; variables?: Record<string, unknown> }) {
  const res = await post(subgraph.url, body);
  expect(res.errors?.length, res.text).toBeGreaterThan(0);
  return res.errors!.map((e) => e.message).join("\n");
}

describe("suggestions", () => {
  let production: TestSubgraph;
  let development: TestSubgraph;
  beforeAll(async () => {
    production = await startSubgraph({ NODE_ENV: "production" });
    development = await startSubgraph({ NODE_ENV: "development" });
  });
  afterAll(async () => {
    await production.stop();
    await development.stop();
  });

  it.each(MISSPELLINGS)("are off in production for a misspelt %s", async (_kind, body, hidden) => {
    const messages = await errorsFor(production, body);
    expect(messages).not.toMatch(/did you mean|suggestion/i);
    expect(messages).not.toContain(`"${hidden}"`);
  });

  it.each(MISSPELLINGS)("stay on in development for a misspelt %s", async (_kind, body, hidden) => {
    const messages = await errorsFor(development, body);
    expect(messages).toMatch(/Did you mean .*"/);
    expect(messages).toContain(`"${hidden}"`);
  });

  it("go with introspection: off in production, on in development", async () => {
    const query = { query: "{ __schema { queryType { name } } }" };
    expect((await post(production.url, query)).errors?.[0].message).toMatch(/introspection is not allowed/i);
    expect((await post(development.url, query)).data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});
