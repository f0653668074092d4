import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

// What a browser (Accept: text/html, no operation) and every other client get at GET /graphql.

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

let subgraph: TestSubgraph | undefined;
afterEach(async () => {
  await subgraph?.stop();
  subgraph = undefined;
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const isPage = (r: { status: number; headers: Headers; text: string }) =>
  r.status === 200 && r.headers.get("content-type")?.startsWith("text/html") === true && r.text.includes('<div id="graphiql">');

describe("GET /graphql", () => {
  it("serves GraphiQL to a browser, with a self-only CSP and only local, versioned assets", async () => {
    subgraph = await startSubgraph();
    const page = await get(subgraph.url, { accept: BROWSER_ACCEPT });
    expect(isPage(page)).toBe(true);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';.*connect-src 'self'/);
    // The style nonce is fresh per response and handed to the page's script in a meta tag.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(page.text).toContain(`<meta name="csp-nonce" content="${nonce}">`);
    const again = await get(subgraph.url, { accept: BROWSER_ACCEPT });
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>|<style>|style=/);
    const assets = [...page.text.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(8);
    expect(assets).toEqual(
      expect.arrayContaining([
        "/graphiql/graphiql@4.1.2/graphiql.min.js",
        "/graphiql/react@18.3.1/react.production.min.js",
        "/graphiql/@graphiql/plugin-explorer@4.0.6/index.umd.js",
        "/graphiql/@graphiql/plugin-explorer@4.0.6/explorer.css",
      ]),
    );
    for (const path of assets) {
      const asset = await get(new URL(path, subgraph.url).href);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      expect(asset.headers.get("content-type"), path).toMatch(path.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(asset.text.length, path).toBeGreaterThan(50);
    }
    expect((await get(new URL("/graphiql/graphiql@0.0.1/graphiql.min.js", subgraph.url).href)).status).toBe(404);
  });

  it("still answers GraphQL GET requests and clients that prefer JSON", async () => {
    subgraph = await startSubgraph();
    const query = await get(`${subgraph.url}?query=${encodeURIComponent("{ __typename }")}`, {
      accept: BROWSER_ACCEPT,
      "apollo-require-preflight": "true",
    });
    expect(query.status).toBe(200);
    expect(JSON.parse(query.text)).toEqual({ data: { __typename: "Query" } });
    const json = await get(subgraph.url, { accept: "application/json" });
    expect(isPage(json)).toBe(false);
    expect(json.headers.get("content-type")).toMatch(/json/);
  });

  it("is off in production unless GRAPHIQL=true", async () => {
    subgraph = await startSubgraph({ NODE_ENV: "production" });
    const off = await get(subgraph.url, { accept: BROWSER_ACCEPT });
    expect(isPage(off)).toBe(false);
    expect(off.text).not.toContain("graphiql");
    expect((await get(new URL("/graphiql/react@18.3.1/react.production.min.js", subgraph.url).href)).status).toBe(404);
    await subgraph.stop();

    subgraph = await startSubgraph({ NODE_ENV: "production", GRAPHIQL: "true" });
    expect(isPage(await get(subgraph.url, { accept: BROWSER_ACCEPT }))).toBe(true);
  });
});

describe("GRAPHIQL", () => {
  it("defaults to on outside production, off in production, and accepts only true or false", () => {
    expect(loadConfig({ NODE_ENV: "development" }).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: "development", GRAPHIQL: "false" }).graphiql).toBe(false);
    expect(() => loadConfig({ GRAPHIQL: "yes" })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHIQL: "yes" })).toThrow(/^GRAPHIQL must be "true" or "false"/);
  });
});
