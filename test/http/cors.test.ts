import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

// CORS_ORIGINS: for local development without a router (browsers go through the router, which
// does CORS itself). Off by default; built on the `cors` package.
const ALLOWED = "http://localhost:5173";

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
const post = (url: string, origin: string) =>
  fetch(url, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });

describe("CORS_ORIGINS", () => {
  let off: TestSubgraph;
  let on: TestSubgraph;
  beforeAll(async () => {
    off = await startSubgraph({ LOG_LEVEL: "silent" });
    on = await startSubgraph({ LOG_LEVEL: "silent", CORS_ORIGINS: `${ALLOWED}, http://127.0.0.1:8080` });
  });
  afterAll(async () => {
    await off?.stop();
    await on?.stop();
  });

  it("is off by default: no CORS header, whatever the origin", async () => {
    const before = await preflight(off.url, ALLOWED);
    await before.arrayBuffer();
    expect(before.headers.get("access-control-allow-origin")).toBeNull();
    const res = await post(off.url, ALLOWED);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a listed origin's preflight and its POST", async () => {
    const before = await preflight(on.url, ALLOWED);
    await before.arrayBuffer();
    expect(before.status).toBe(204);
    expect(before.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(before.headers.get("access-control-allow-methods")).toContain("POST");
    expect(before.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    const res = await post(on.url, ALLOWED);
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("vary")?.toLowerCase()).toContain("origin");
  });

  it("gives any other origin nothing to read", async () => {
    const before = await preflight(on.url, "http://evil.example");
    await before.arrayBuffer();
    expect(before.headers.get("access-control-allow-origin")).toBeNull();
    const res = await post(on.url, "http://evil.example");
    await res.arrayBuffer();
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("reads a comma-separated list of origins", () => {
    expect(loadConfig({ CORS_ORIGINS: " http://localhost:5173 ,https://app.example" }).corsOrigins).toEqual([
      "http://localhost:5173",
      "https://app.example",
    ]);
    expect(loadConfig({}).corsOrigins).toBeUndefined();
  });

  it.each(["*", "localhost:5173", "http://localhost:5173/", "http://localhost:5173/app", "ftp://files.example", "http://"])(
    "refuses %j with one line naming the variable",
    (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/^CORS_ORIGINS /);
    },
  );
});
