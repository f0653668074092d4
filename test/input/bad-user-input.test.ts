import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactEntitiesDocument, CreateContactDocument } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

// Issue 16: where a BAD_USER_INPUT remains (a variable that does not fit the schema, a malformed
// entity id), extensions.field carries the path as an array, so no client parses the message.
describe("BAD_USER_INPUT names its field as data", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const post = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { errors?: { message: string; extensions: { code: string; field?: string[] } }[] };
  };
  const fields = (body: Awaited<ReturnType<typeof post>>) => body.errors!.map((e) => [e.extensions.code, e.extensions.field]);

  const create = `mutation($provider: ContactProvider!, $input: CreateContactInput!, $connectionId: ID, $idempotencyKey: String) {
    createContact(provider: $provider, input: $input, connectionId: $connectionId, idempotencyKey: $idempotencyKey) { outcome }
  }`;
  const input = { lastName: "Lovelace" };

  it.each<[string, Record<string, unknown>, string[][]]>([
    ["a provider outside the enum", { provider: "NOPE", input }, [["provider"]]],
    ["a missing input", { provider: "ALLOY" }, [["input"]]],
    ["a null input", { provider: "ALLOY", input: null }, [["input"]]],
    ["an input that is not an object", { provider: "ALLOY", input: 7 }, [["input"]]],
    ["an enum deep in the input", { provider: "STORA", input: { ...input, stora: { type: "PERSONAL" } } }, [["input", "stora", "type"]]],
    [
      "values of the wrong type in a list",
      { provider: "ALLOY", input: { emails: [{ address: "a@b.co" }, { address: 5 }], gender: "OTHER" } },
      [
        ["input", "emails", "1", "address"],
        ["input", "gender"],
      ],
    ],
    ["an unknown field", { provider: "ALLOY", input: { ...input, nickname: "Ada" } }, [["input"]]],
    ["an idempotencyKey that is not a string", { provider: "ALLOY", input, idempotencyKey: { key: 1 } }, [["idempotencyKey"]]],
    ["a connectionId that is not an id", { provider: "ALLOY", input, connectionId: true }, [["connectionId"]]],
    ["problems in two variables", { provider: "nope", input: { lastName: 1 } }, [["provider"], ["input", "lastName"]]],
  ])("%s", async (_name, variables, expected) => {
    const body = await post(create, variables);
    expect(fields(body)).toEqual(expected.map((field) => ["BAD_USER_INPUT", field]));
  });

  it("answers more problems than graphql-js reports (50) with BAD_USER_INPUT too, never INTERNAL_SERVER_ERROR", async () => {
    const body = await post(create, { provider: "STORA", input: { emails: Array.from({ length: 60 }, () => ({ address: 5 })) } });
    expect(body.errors).toHaveLength(51);
    expect(fields(body).slice(-2)).toEqual([
      ["BAD_USER_INPUT", ["input", "emails", "49", "address"]],
      ["BAD_USER_INPUT", ["input"]],
    ]);
  });

  it("starts the path at the variable's own name", async () => {
    const body = await post("mutation($i: CreateContactInput!) { createContact(provider: STORA, input: $i) { outcome } }", {
      i: { emails: [{ address: 1 }] },
    });
    expect(fields(body)).toEqual([["BAD_USER_INPUT", ["i", "emails", "0", "address"]]]);
  });

  it("points a malformed entity reference at its representation", async () => {
    const created = await execute(subgraph.url, CreateContactDocument, {
      provider: "STORA",
      input: { emails: [{ address: "ada@example.com" }] },
    });
    const good = created.data!.createContact.contact!.id;
    const representations = [{ __typename: "Contact", id: good }, { __typename: "Contact", id: "ctc1_%%%" }, { __typename: "Contact" }];
    const res = await execute(subgraph.url, ContactEntitiesDocument, { representations });
    expect(res.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.field])).toEqual([
      [["_entities", 1], "BAD_USER_INPUT", ["representations", "1", "id"]],
      [["_entities", 2], "BAD_USER_INPUT", ["representations", "2", "id"]],
    ]);
  });
});
