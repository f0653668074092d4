import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromStoraContact, toStoraCreateContact } from "../../../src/providers/stora/mapper.js";
import { storaPointerToPath } from "../../../src/providers/stora/errors.js";
import { stora } from "../../../src/providers/stora/index.js";
import { storaContact, storaContactEnvelope } from "../../../src/providers/stora/types.js";

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

describe("Stora's externalId, kept in metadata.external_id as Stora's documented example does", () => {
  const email = [{ address: "ada@example.com" }];

  it("is sent beside the custom fields and read back as externalId, not as a custom field", () => {
    expect(toStoraCreateContact({ emails: email, externalId: "crm-1", customFields: { plan: "gold" } }).metadata).toEqual({
      plan: "gold",
      external_id: "crm-1",
    });
    const back = fromStoraContact(
      storaContact.parse({ id: "con_1", email: "ada@example.com", metadata: { plan: "gold", external_id: "crm-1" } }),
    );
    expect(back).toMatchObject({ externalId: "crm-1", customFields: { plan: "gold" } });
  });

  it("leaves a non-text external_id among the custom fields", () => {
    const back = fromStoraContact(storaContact.parse({ id: "con_1", email: "ada@example.com", metadata: { external_id: 42 } }));
    expect(back).toMatchObject({ externalId: null, customFields: { external_id: 42 } });
  });

  it("refuses externalId together with customFields.external_id: one value, not two", () => {
    const issues = stora.check!({ emails: email, externalId: "crm-1", customFields: { external_id: "crm-2" } }, undefined);
    expect(issues.userErrors).toEqual([expect.objectContaining({ field: ["input", "customFields", "external_id"], code: "INVALID" })]);
  });
});
