import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/graphql/enums.js";
import { fromGomobileAttributes, fromGomobileContact, toGomobileCreateContact } from "../../../src/providers/gomobile/mapper.js";
import { gomobileMessageToPath, parseGomobileError } from "../../../src/providers/gomobile/errors.js";
import { gomobileContact } from "../../../src/providers/gomobile/types.js";

const dir = new URL("../../fixtures/gomobile/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("Gomobile mappers, replayed from fixtures", () => {
  it("has fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(3));

  for (const file of fixtures) {
    const f = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    it(`${file}: unified input → Gomobile create body`, () => {
      expect(toGomobileCreateContact(f.input, f.input.gomobile)).toEqual(f.request);
    });
    it(`${file}: Gomobile contact → unified contact, providerData as returned`, () => {
      const mapped = fromGomobileContact(gomobileContact.parse(f.response));
      expect(mapped).toMatchObject(f.contact);
      expect(mapped.providerData).toEqual(f.response);
    });
  }
});

describe("Gomobile field details", () => {
  const phone = [{ number: "+212612345678" }];

  it.each([
    [Gender.MALE, "male"],
    [Gender.FEMALE, "female"],
  ])("gender %s is sent as %s and read back", (gender, wire) => {
    expect(toGomobileCreateContact({ phones: phone, gender }).gender).toBe(wire);
    const back = fromGomobileContact(gomobileContact.parse({ id: "x", primaryPhone: "+212612345678", gender: wire }));
    expect(back.gender).toBe(gender);
  });

  it("reads an unknown gender as null, keeping it in providerData", () => {
    const back = fromGomobileContact(gomobileContact.parse({ id: "x", primaryPhone: "+1", gender: "other" }));
    expect(back.gender).toBeNull();
    expect(back.providerData?.gender).toBe("other");
  });

  it("sends only the first email, phone and address", () => {
    const body = toGomobileCreateContact({
      phones: [...phone, { number: "+14155551234" }],
      emails: [{ address: "a@example.com" }, { address: "b@example.com" }],
      addresses: [{ city: "Casablanca" }, { city: "Rabat" }],
    });
    expect(body).toEqual({ primaryPhone: "+212612345678", primaryEmail: "a@example.com", city: "Casablanca" });
  });

  it("flattens custom attributes by name, null values kept, and tolerates a plain map", () => {
    expect(
      fromGomobileAttributes([
        { name: "a", value: 1 },
        { name: "b", value: undefined },
      ]),
    ).toEqual({ a: 1, b: null });
    expect(fromGomobileAttributes({ a: "x" })).toEqual({ a: "x" });
    expect(fromGomobileAttributes([])).toBeNull();
    expect(fromGomobileAttributes(undefined)).toBeNull();
  });
});

describe("Gomobile error bodies (NestJS, class-validator messages)", () => {
  it("maps each message's property to its unified path", () => {
    const info = parseGomobileError({
      statusCode: 400,
      error: "Bad Request",
      message: [
        "primaryPhone must be a valid phone number",
        "primaryEmail must be an email",
        "address must be longer than or equal to 3 characters",
        "state must be longer than or equal to 3 characters",
        "zip must be shorter than or equal to 64 characters",
        "occupation must be a string",
        "preferredChannel must be longer than or equal to 3 characters",
        "each value in channels must be a string",
        "customAttributes.age must be a number",
        "property foo should not exist",
      ],
    });
    expect(info.fields?.map((f) => f.path)).toEqual([
      ["phones", 0, "number"],
      ["emails", 0, "address"],
      ["addresses", 0, "line1"],
      ["addresses", 0, "state"],
      ["addresses", 0, "postalCode"],
      ["jobTitle"],
      ["gomobile", "preferredChannel"],
      ["gomobile", "channels"],
      ["customFields", "age"],
      null,
    ]);
    expect(info.fields?.[0].message).toBe("primaryPhone must be a valid phone number");
  });

  it("keeps a lone message that names no field as the summary", () => {
    expect(parseGomobileError({ statusCode: 409, message: "Contact already exists", error: "Conflict" })).toEqual({
      requestId: undefined,
      message: "Contact already exists",
      fields: undefined,
    });
  });

  it.each([["<html>oops</html>"], [null], [{ message: 42 }], [[1, 2]]])("reads %j as nothing, never echoing it", (body) => {
    expect(parseGomobileError(body)).toEqual({});
  });

  it.each([
    ["firstName must be longer than or equal to 2 characters", ["firstName"]],
    ["channels.1 must be a string", ["gomobile", "channels", 1]],
    ["gender must be one of the following values: male, female", ["gender"]],
    ["Something went wrong", null],
  ])("%s → %j", (message, path) => expect(gomobileMessageToPath(message)).toEqual(path));
});
