import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { masivoFieldToPath, parseMasivoError } from "../../../src/providers/masivo/errors.js";
import { fromMasivoContact, toMasivoCreateContact } from "../../../src/providers/masivo/mapper.js";
import { refreshAt } from "../../../src/providers/masivo/token.js";
import { masivoContact } from "../../../src/providers/masivo/types.js";

const dir = new URL("../../fixtures/masivo/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("Masivo mappers, replayed from fixtures", () => {
  it("has fixtures, the documented example among them", () => expect(fixtures).toContain("documented-example.json"));

  for (const file of fixtures) {
    const f = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    it(`${file}: unified input → Masivo create body, without server-managed timestamps`, () => {
      const body = toMasivoCreateContact(f.input, f.input.masivo);
      expect(body).toEqual(f.request);
      for (const key of ["created_at", "updated_at", "deleted_at"]) expect(body).not.toHaveProperty(key);
    });
    it(`${file}: Masivo contact → unified contact, providerData as returned`, () => {
      const mapped = fromMasivoContact(masivoContact.parse(f.response));
      expect(mapped).toEqual({ ...f.contact, providerData: f.response });
    });
  }
});

describe("Masivo's free-text country", () => {
  it.each([
    ["gb", "GB"],
    [" US ", "US"],
    ["UK", null],
    ["XX", null],
    ["Spain", null],
    [null, null],
  ])("%j → countryCode %j", (country, code) => {
    const contact = {
      id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
      persona_id: "p",
      email: "a@b.co",
      document_type: null,
      document_number: null,
      addresses: [{ street_1: "x", country }],
    };
    expect(fromMasivoContact(contact as never).addresses[0].countryCode).toBe(code);
  });
});

describe("Masivo field names → unified paths", () => {
  it.each([
    ["email", ["emails", 0, "address"]],
    ["phone", ["phones", 0, "number"]],
    ["dob", ["dateOfBirth"]],
    ["second_last_name", ["masivo", "secondLastName"]],
    ["document_number", ["masivo", "documentNumber"]],
    ["addresses[1].zip_code", ["addresses", 1, "postalCode"]],
    ["addresses.0.country", ["addresses", 0, "countryCode"]],
    ["/addresses/0/street_number", ["addresses", 0]],
    ["tags.plan", ["customFields", "plan"]],
    [["tags"], ["customFields"]],
    ["billing_info", null],
    [undefined, null],
  ])("%j → %j", (field, path) => expect(masivoFieldToPath(field as string)).toEqual(path));
});

describe("Masivo error bodies (undocumented: read defensively)", () => {
  it("reads message, errors[] with fields, and a request id", () => {
    expect(
      parseMasivoError({
        message: "Invalid contact.",
        errors: [{ field: "dob", message: "bad date" }, "something else"],
        request_id: "r-1",
      }),
    ).toEqual({
      requestId: "r-1",
      message: "Invalid contact.",
      fields: [
        { path: ["dateOfBirth"], message: "bad date" },
        { path: null, message: "something else" },
      ],
    });
  });
  it("reads a field map and a nested error object", () => {
    expect(parseMasivoError({ error: { message: "Validation failed", errors: { email: ["is taken", "is odd"] } } })).toEqual({
      requestId: undefined,
      message: "Validation failed",
      fields: [
        { path: ["emails", 0, "address"], message: "is taken" },
        { path: ["emails", 0, "address"], message: "is odd" },
      ],
    });
  });
  it("reads a NestJS-style message list and a string error", () => {
    expect(parseMasivoError({ statusCode: 400, message: ["email must be an email"], error: "Bad Request" })).toMatchObject({
      message: "email must be an email",
      fields: [{ path: null, message: "email must be an email" }],
    });
  });
  it("keeps the usable members when others have an unexpected type, and never returns the raw body", () => {
    const info = parseMasivoError({ message: "Nope", errors: 42, request_id: { x: 1 }, secret: "raw" });
    expect(info).toEqual({ requestId: undefined, message: "Nope", fields: undefined });
    expect(parseMasivoError("<html>502</html>")).toEqual({});
  });
});

describe("Masivo token refresh time", () => {
  const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
  const now = 1_700_000_000_000;
  it("refreshes 5 minutes before the JWT's exp", () => expect(refreshAt(jwt({ exp: now / 1000 + 3600 }), now)).toBe(now + 55 * 60_000));
  it("refreshes a short-lived token at half its life", () => expect(refreshAt(jwt({ exp: now / 1000 + 60 }), now)).toBe(now + 30_000));
  it("assumes the documented hour without a readable exp", () => {
    expect(refreshAt("not-a-jwt", now)).toBe(now + 55 * 60_000);
    expect(refreshAt(jwt({ sub: "x" }), now)).toBe(now + 55 * 60_000);
  });
});
