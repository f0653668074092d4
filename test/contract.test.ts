import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNIFIED_FIELDS } from "../src/providers/fields.js";
import { decodeContactId } from "../src/providers/global-id.js";
import { normalizeInput } from "../src/providers/normalize.js";
import { providerList } from "../src/providers/index.js";
import { CreateContactDocument, PreviewCreateContactDocument, type CreateContactInput } from "./gql/graphql.js";
import { execute } from "./helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "./helpers/server.js";
import { withFreshValues } from "./helpers/unique.js";

// The same rich contact through every provider, so the mappers cannot drift apart: each
// provider's exact request and the contact it returns, and for every field the input fills,
// either the provider's rules store it (and the request carries it) or a warning names it.
// The input is shared; what each provider must send and return is in its own fixture folder.
const fixture = JSON.parse(readFileSync(new URL("./fixtures/contract/rich-input.json", import.meta.url), "utf8")) as {
  input: CreateContactInput & Record<string, unknown>;
};
interface Expected {
  request: Record<string, unknown>;
  warnings: string[];
  contact: Record<string, unknown>;
}
const expectationFile = (id: string) => new URL(`./fixtures/${id.toLowerCase()}/contract/rich-input.json`, import.meta.url);

const normalized = normalizeInput(fixture.input as never).input as Record<string, unknown>;

/** The values a unified field holds in the normalised input (phones in E.164), with their paths. */
function filled(field: string): { path: string; value: string }[] {
  const [name, sub] = field.split(".");
  const value = normalized[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    if (typeof value !== "object") return [{ path: name, value: String(value) }];
    // A map (customFields): each key and each value must reach the provider, however it shapes them.
    return Object.entries(value).flatMap(([k, v]) => [
      { path: name, value: k },
      { path: name, value: String(v) },
    ]);
  }
  const key = sub ?? ({ emails: "address", phones: "number", addresses: "line1" } as Record<string, string>)[name];
  return value
    .map((item: Record<string, unknown>, i) => ({ path: sub ? `${name}.${i}.${sub}` : `${name}.${i}`, value: item[key] }))
    .filter((v): v is { path: string; value: string } => typeof v.value === "string");
}

describe("one rich contact through every provider", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(() => subgraph.stop());

  it.each(providerList.map((definition) => definition.id))(
    "%s has its expectations in test/fixtures/<name>/contract/rich-input.json",
    (id) => expect(existsSync(expectationFile(id))).toBe(true),
  );

  for (const definition of providerList.filter((candidate) => existsSync(expectationFile(candidate.id)))) {
    const provider = definition.id;
    const expected = JSON.parse(readFileSync(expectationFile(provider), "utf8")) as Expected;

    // Each call sends fresh emails, phones and external id, so a provider's uniqueness rules cannot refuse it.
    it(`${provider}: sends exactly the documented request`, async () => {
      const fresh = withFreshValues(fixture.input);
      const res = await execute(subgraph.url, PreviewCreateContactDocument, { provider, input: fresh.input });
      expect(res.data!.previewCreateContact).toMatchObject({ userErrors: [], body: fresh.expected(expected.request) });
    });

    it(`${provider}: returns the contact mapped back, and warns about what it did not store`, async () => {
      const fresh = withFreshValues(fixture.input);
      const res = await execute(subgraph.url, CreateContactDocument, { provider, input: fresh.input });
      const payload = res.data!.createContact;
      expect(payload.userErrors).toEqual([]);
      expect(payload.warnings.map((w) => w.field.slice(1).join("."))).toEqual(expected.warnings);
      expect(payload.contact).toMatchObject(fresh.expected(expected.contact));
      expect(decodeContactId(payload.contact!.id)).toMatchObject({ provider, providerId: payload.contact!.providerId, sandbox: true });
      expect(payload.contact!.emails[0].address).toBe(fresh.input.emails![0].address);
      expect(payload.contact!.phones[0].number).toBe(fresh.input.phones![0].number);
    });

    it(`${provider}: its field rules and its mapper agree`, () => {
      const rules = definition.fields;
      const request = JSON.stringify(expected.request);
      for (const field of UNIFIED_FIELDS) {
        const rule = rules[field];
        const list = field.includes(".") ? rules[field.split(".")[0] as keyof typeof rules] : undefined;
        for (const { path, value } of filled(field)) {
          const index = Number(path.split(".")[1]);
          const stored = !!rule && list !== null && !((rule.firstOnly || list?.firstOnly) && index > 0);
          const warned = expected.warnings.some((w) => path === w || path.startsWith(`${w}.`));
          // Providers spell enums their own way (WORK → work), so the comparison ignores case.
          if (stored && !warned)
            expect(request.toLowerCase(), `${provider} should send ${path}`).toContain(value.slice(0, 10).toLowerCase());
          else expect(warned, `${provider} should warn about ${path}`).toBe(true);
        }
      }
    });
  }
});
