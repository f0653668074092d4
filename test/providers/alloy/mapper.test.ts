import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AddressType, EmailType, PhoneType } from "../../../src/graphql/enums.js";
import { alloyFieldToPath, parseAlloyError } from "../../../src/providers/alloy/errors.js";
import { fromAlloyContact, toAlloyCreateContact } from "../../../src/providers/alloy/mapper.js";
import { alloyContactEnvelope } from "../../../src/providers/alloy/types.js";
import * as words from "../../../src/providers/alloy/vocabulary.js";

const dir = new URL("../../fixtures/alloy/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("Alloy mappers, replayed from fixtures", () => {
  it("has fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(4));

  for (const file of fixtures) {
    const f = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    it(`${file}: unified input → Alloy create body`, () => {
      expect(toAlloyCreateContact(f.input, f.input.alloy)).toEqual(f.request);
    });
    it(`${file}: Alloy contact → unified contact, providerData as returned`, () => {
      const { contact } = alloyContactEnvelope.parse(f.response);
      const mapped = fromAlloyContact(contact);
      expect(mapped).toMatchObject(f.contact);
      expect(mapped.providerData).toEqual(f.response.contact);
    });
  }
});

describe("Alloy type words", () => {
  it.each(Object.values(EmailType))("email %s goes out and comes back unchanged", (t) =>
    expect(words.fromAlloyEmailType(words.toAlloyEmailType(t, 0))).toBe(t),
  );
  it.each(Object.values(PhoneType))("phone %s goes out and comes back unchanged", (t) =>
    expect(words.fromAlloyPhoneType(words.toAlloyPhoneType(t, 0))).toBe(t),
  );
  it.each(Object.values(AddressType))("address %s goes out and comes back unchanged", (t) =>
    expect(words.fromAlloyAddressType(words.ADDRESS_TYPES[t])).toBe(t),
  );
  it("sends untyped items with the docs' positional words and reads those back as no type", () => {
    expect([0, 1, 5].map((i) => words.toAlloyEmailType(null, i))).toEqual(["main", "secondary", "secondary"]);
    expect([0, 1].map((i) => words.toAlloyPhoneType(undefined, i))).toEqual(["primary", "secondary"]);
    expect(["main", "secondary", "primary", "toString", "", null].map(words.fromAlloyEmailType)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("Alloy error bodies", () => {
  it.each([
    ["lastName", ["lastName"]],
    ["account", ["companyName"]],
    ["emailAddresses[1].emailAddress", ["emails", 1, "address"]],
    ["phoneNumbers.0.phoneNumber", ["phones", 0, "number"]],
    ["/addresses/2/countrySubdivision", ["addresses", 2, "state"]],
    ["addresses[0]", ["addresses", 0]],
    ["remoteFields.Lead_Source", ["customFields", "Lead_Source"]],
    ["credentialId", null],
    ["emailAddresses.x", null],
    [undefined, null],
  ])("%s → %j", (field, path) => expect(alloyFieldToPath(field)).toEqual(path));

  it("reads {message, errors[{field, message}], requestId}", () => {
    expect(
      parseAlloyError({
        message: "Validation failed.",
        requestId: "r-1",
        errors: [{ field: "lastName", message: "lastName is required." }],
      }),
    ).toEqual({ requestId: "r-1", message: "Validation failed.", fields: [{ path: ["lastName"], message: "lastName is required." }] });
  });
  it("reads a map of field → messages and {error: {message}}", () => {
    expect(parseAlloyError({ error: { message: "Bad" }, errors: { "emailAddresses.0.emailAddress": ["is not an email"] } })).toEqual({
      message: "Bad",
      fields: [{ path: ["emails", 0, "address"], message: "is not an email" }],
    });
  });
  it("reads a list of messages without fields as field-less errors", () => {
    expect(parseAlloyError({ message: ["a is wrong", "b is wrong"], error: "Bad Request" }).fields).toEqual([
      { path: null, message: "a is wrong" },
      { path: null, message: "b is wrong" },
    ]);
  });
  it("answers the documented empty body, and bodies of another shape, with nothing", () => {
    expect(parseAlloyError({})).toEqual({});
    expect(parseAlloyError("<html>")).toEqual({});
    expect(parseAlloyError({ message: 42, errors: "nope", secret: "x" })).toEqual({});
  });
});
