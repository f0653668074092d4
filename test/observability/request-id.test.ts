import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvidersDocument } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { requestIdFrom } from "../../src/telemetry/request-id.js";
import { parseLogs } from "./support.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  it("keeps an id shaped like a UUID, ULID or trace id", () => {
    for (const id of ["3f0c7c1e-8d4b-4b1a-9e55-0c1d2e3f4a5b", "01HZX3V7J9K2M4N6P8Q0R2S4T6", "router.req:42_a-b", "a".repeat(128)])
      expect(requestIdFrom(id)).toBe(id);
  });

  it("replaces anything else with a fresh UUID", () => {
    for (const bad of [undefined, "", " padded", "a b", "line\nbreak", 'quote"d', "a".repeat(129), "-leading", "ünïcode", "{json}"])
      expect(requestIdFrom(bad)).toMatch(UUID);
    expect(requestIdFrom(["first-one", "second"])).toBe("first-one");
  });
});

describe("x-request-id over HTTP", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({});
  });
  afterAll(() => subgraph.stop());

  it("echoes the router's id on GraphQL responses and uses it in the log line", async () => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "router-77" },
      body: JSON.stringify({ query: "{ contactProviders { provider } }" }),
    });
    await res.arrayBuffer();
    expect(res.headers.get("x-request-id")).toBe("router-77");
    expect(parseLogs(subgraph.logs).find((l) => l.requestId === "router-77")).toMatchObject({
      msg: "graphql request",
      operationType: "query",
    });
  });

  it("replaces a forged id, on every route", async () => {
    const forged = "x\r\nSet-Cookie: evil=1".replace(/[\r\n]/g, "") + " ".repeat(3);
    for (const path of ["/health", "/metrics"]) {
      const res = await fetch(new URL(path, subgraph.url), { headers: { "x-request-id": forged } });
      await res.arrayBuffer();
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    }
    const res = await execute(subgraph.url, ContactProvidersDocument, {}, { "x-request-id": "a".repeat(200) });
    expect(res.errors).toBeUndefined();
    expect(subgraph.logs.join("\n")).not.toContain("a".repeat(129));
  });

  it("puts the id in the extensions of validation errors too", async () => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "router-invalid-1" },
      body: JSON.stringify({ query: "{ noSuchField }" }),
    });
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", requestId: "router-invalid-1" });
    expect(parseLogs(subgraph.logs).find((l) => l.requestId === "router-invalid-1")).toMatchObject({
      errorCodes: ["GRAPHQL_VALIDATION_FAILED"],
      httpStatus: 400,
    });
  });
});

describe("extensions.requestId on errors answered before GraphQL runs", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({ ROUTER_SECRET: "router-secret-0123456789" });
  });
  afterAll(() => subgraph.stop());

  const auth = { "router-authorization": "router-secret-0123456789" };
  it.each([
    ["no router secret (401)", {}, "application/json", JSON.stringify({ query: "{ __typename }" })],
    ["invalid JSON (400)", auth, "application/json", "{"],
    ["a body over the limit (413)", auth, "application/json", JSON.stringify({ query: `{ __typename } #${"x".repeat(300_000)}` })],
    ["a batch (400)", auth, "application/json", JSON.stringify([{ query: "{ __typename }" }])],
    ["a simple content type, refused by CSRF prevention (400)", auth, "text/plain", JSON.stringify({ query: "{ __typename }" })],
  ])("%s", async (_, headers, contentType, body) => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": contentType, "x-request-id": "router-88", ...headers },
      body,
    });
    const answer = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(answer.errors.length).toBeGreaterThan(0);
    for (const error of answer.errors) expect(error.extensions.requestId).toBe("router-88");
  });
});
