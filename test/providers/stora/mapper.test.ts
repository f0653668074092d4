import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromStoraContact, toStoraCreateContact } from "../../../src/providers/stora/mapper.js";
import { storaPointerToPath } from "../../../src/providers/stora/errors.js";
import { storaContactEnvelope } from "../../../src/providers/stora/types.js";

const dir = new URL("../../fixtures/stora/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("Stora mappers, replayed from fixtures", () => {
  it("has fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(2));

  for (const file of fixtures) {
    const f = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    it(`${file}: unified input → Stora create body`, () => {
      expect(toStoraCreateContact(f.input, f.input.stora)).toEqual(f.request);
    });
    it(`${file}: Stora contact → unified contact, providerData as returned`, () => {
      const { contact } = storaContactEnvelope.parse(f.response);
      const mapped = fromStoraContact(contact);
      expect(mapped).toMatchObject(f.contact);
      expect(mapped.providerData).toEqual(f.response.contact);
    });
  }
});

describe("Stora error pointers", () => {
  it.each([
    ["/email", ["emails", 0, "address"]],
    ["/address/country_alpha2", ["addresses", 0, "countryCode"]],
    ["/marketing_source", ["stora", "marketingSource"]],
    ["/metadata/a~1b", ["customFields", "a/b"]],
    ["/unknown", null],
    [undefined, null],
  ])("%s → %j", (pointer, path) => expect(storaPointerToPath(pointer)).toEqual(path));
});
