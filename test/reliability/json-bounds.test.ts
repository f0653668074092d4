import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_INPUT_DEPTH, MAX_INPUT_MEMBERS } from "../../src/providers/input-bounds.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { CREATE } from "./support.js";

// Hostile JSON values under the JSONObject inputs (customFields, stackone.passthrough, alloy.remoteFields),
// against a production-mode subgraph whose providers are loopback fakes that record what reaches them.

const PREVIEW = `query Preview($provider: ContactProvider!, $input: CreateContactInput!) {
  previewCreateContact(provider: $provider, input: $input) { body userErrors { field code message } }
}`;
const SECRET = "w11b-json-router-secret";

/** `{"a":{"a":...1}}`, `depth` levels: built as text, because JSON.stringify itself overflows on it. */
const deepText = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** Where each provider keeps a nested JSON value, as raw JSON text around a placeholder. */
const INPUTS: Record<string, (json: string) => string> = {
  STACKONE: (json) => `{"lastName":"Lovelace","emails":[{"address":"ada@example.com"}],"stackone":{"passthrough":${json}}}`,
  ALLOY: (json) => `{"lastName":"Lovelace","alloy":{"remoteFields":${json}}}`,
  STORA: (json) => `{"lastName":"Lovelace","emails":[{"address":"ada@example.com"}],"customFields":${json}}`,
};
const ROOT: Record<string, string[]> = {
  STACKONE: ["input", "stackone", "passthrough"],
  ALLOY: ["input", "alloy", "remoteFields"],
  STORA: ["input", "customFields"],
};

describe("JSON inputs are bounded before anything reads them (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    upstream = await startFakeUpstream(() => ({ status: 500, body: { message: "should never be called" } }));
    subgraph = await startSubgraph({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      ROUTER_SECRET: SECRET,
      STORA_BASE_URL: `${upstream.url}/2025-09`,
      STORA_TOKEN: "stora-token",
      STACKONE_BASE_URL: upstream.url,
      STACKONE_API_KEY: "stackone-key",
      STACKONE_ACCOUNT_ID: "acc_1",
      ALLOY_BASE_URL: upstream.url,
      ALLOY_API_KEY: "alloy-key",
      ALLOY_CREDENTIAL_ID: "cred_1",
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  async function send(query: string, provider: string, inputJson: string, key?: string) {
    const variables = `{"provider":"${provider}","input":${inputJson}${key ? `,"key":"${key}"` : ""}}`;
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "router-authorization": SECRET },
      body: `{"query":${JSON.stringify(query)},"variables":${variables}}`,
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) };
  }

  it.each(Object.keys(INPUTS))(
    "%s: a 10,000-deep value is a user error at its path, with or without a key, and never sent",
    async (provider) => {
      for (const key of [undefined, `deep-${provider}`]) {
        const res = await send(CREATE, provider, INPUTS[provider](deepText(10_000)), key);
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        expect(res.body.errors, res.text.slice(0, 300)).toBeUndefined();
        const payload = res.body.data.createContact;
        expect(payload.outcome).toBe("NOT_CREATED");
        expect(payload.userErrors).toHaveLength(1);
        expect(payload.userErrors[0]).toMatchObject({ code: "INVALID" });
        expect(payload.userErrors[0].field.slice(0, ROOT[provider].length)).toEqual(ROOT[provider]);
        expect(payload.userErrors[0].message).toMatch(new RegExp(`${MAX_INPUT_DEPTH} levels`));
      }
      // The preview answers the same instead of failing to serialise the body (HTTP 500 before).
      const preview = await send(PREVIEW, provider, INPUTS[provider](deepText(10_000)));
      expect(preview.status, preview.text.slice(0, 300)).toBe(200);
      expect(preview.body.data.previewCreateContact).toMatchObject({ body: null, userErrors: [{ code: "INVALID" }] });
      expect(upstream.received).toEqual([]);
    },
  );

  it("just under the depth bound is accepted and sent", async () => {
    // input.stackone.passthrough is 2 levels deep already.
    const res = await send(PREVIEW, "STACKONE", INPUTS.STACKONE(deepText(MAX_INPUT_DEPTH - 2)));
    expect(res.body.data.previewCreateContact.userErrors).toEqual([]);
    expect(res.body.data.previewCreateContact.body.passthrough).toBeTruthy();
  });

  it.each([
    ["a number beyond double range", '{"n":1e400}', ["n"], /finite number/],
    ["a negative one", '{"n":-1e400}', ["n"], /finite number/],
    ["a lone high surrogate", '{"s":"a\\ud800b"}', ["s"], /surrogate/],
    ["a lone low surrogate in a key", '{"\\udc00":"x"}', ["\udc00"], /surrogate/],
    ["a NUL character", '{"s":"a\\u0000b"}', ["s"], /NUL/],
    ["a __proto__ key", '{"__proto__":{"polluted":true}}', ["__proto__"], /__proto__/],
  ])("%s is a user error at its path and never sent", async (_name, json, path, message) => {
    for (const provider of ["STORA", "STACKONE", "ALLOY"]) {
      const res = await send(CREATE, provider, INPUTS[provider](json), `odd-${provider}-${Buffer.from(json).toString("hex")}`);
      expect(res.body.errors, res.text).toBeUndefined();
      const payload = res.body.data.createContact;
      expect(payload.outcome, provider).toBe("NOT_CREATED");
      expect(payload.userErrors, provider).toEqual([
        { field: [...ROOT[provider], ...path], code: "INVALID", message: expect.stringMatching(message) },
      ]);
    }
    expect(upstream.received).toEqual([]);
  });

  it("a NUL anywhere in the input, not only in JSON values, is refused", async () => {
    const res = await send(CREATE, "STORA", '{"lastName":"Love\\u0000lace","emails":[{"address":"ada@example.com"}]}');
    expect(res.body.data.createContact.userErrors).toEqual([
      { field: ["input", "lastName"], code: "INVALID", message: expect.stringMatching(/NUL/) },
    ]);
    expect(upstream.received).toEqual([]);
  });

  it("a value with more members than the bound is TOO_LONG at the value", async () => {
    const wide = `{${Array.from({ length: MAX_INPUT_MEMBERS + 1 }, (_, i) => `"k${i}":${i}`).join(",")}}`;
    const res = await send(CREATE, "STACKONE", INPUTS.STACKONE(wide), "wide-1");
    expect(res.body.data.createContact.userErrors).toEqual([
      { field: ROOT.STACKONE, code: "TOO_LONG", message: expect.stringMatching(String(MAX_INPUT_MEMBERS)) },
    ]);
    expect(upstream.received).toEqual([]);
  });

  it("a 120,000-deep list (as deep as 256 kB allows) anywhere in the request body is no 500", async () => {
    const deepList = `${"[".repeat(120_000)}${"]".repeat(120_000)}`;
    const input = INPUTS.STACKONE(`{"a":${deepList}}`);
    for (const body of [
      `{"query":${JSON.stringify(CREATE)},"variables":{"provider":"STACKONE","input":${input},"key":"list-1"}}`,
      `{"query":${JSON.stringify(CREATE)},"variables":{"provider":"STACKONE","input":${INPUTS.STACKONE("{}")},"unused":${deepList}}}`,
      `{"query":${JSON.stringify(CREATE)},"variables":{"provider":"STACKONE","input":${INPUTS.STACKONE("{}")}},"extensions":{"x":${deepList}}}`,
      `{"query":${JSON.stringify(CREATE)},"variables":{"provider":"STACKONE","input":{"lastName":${deepList}}}}`,
    ]) {
      const res = await fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", "router-authorization": SECRET },
        body,
      });
      const text = await res.text();
      expect([200, 400], text.slice(0, 300)).toContain(res.status);
      expect(text).not.toContain("INTERNAL_SERVER_ERROR");
    }
  });

  it("logs no error line for any of it", () => {
    for (const line of subgraph.logs) expect(line).not.toMatch(/"level":50/);
  });
});
