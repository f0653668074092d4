import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStackOneError, stackOneFieldToPath } from "../../../src/providers/stackone/errors.js";
import { fromStackOneContact, toStackOneCreateContact } from "../../../src/providers/stackone/mapper.js";
import { stackOneContactResult } from "../../../src/providers/stackone/types.js";

const dir = new URL("../../fixtures/stackone/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("StackOne mappers, replayed from fixtures", () => {
  it("has fixtures, the documented example among them", () => expect(fixtures).toContain("documented-example.json"));

  for (const file of fixtures) {
    const f = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    it(`${file}: unified input → StackOne create body`, () => {
      expect(toStackOneCreateContact(f.input, f.input.stackone)).toEqual(f.request);
    });
    it(`${file}: StackOne data → unified contact, providerData the data record as returned`, () => {
      const { data } = stackOneContactResult.parse(f.response);
      const mapped = fromStackOneContact(data);
      expect(mapped).toMatchObject(f.contact);
      expect(mapped.providerData).toEqual(f.response.data);
    });
  }

  it("rejects a data record without an id, or with a timestamp that is not ISO-8601", () => {
    expect(stackOneContactResult.safeParse({ data: { first_name: "A" } }).success).toBe(false);
    expect(stackOneContactResult.safeParse({ data: { id: "x", created_at: "yesterday" } }).success).toBe(false);
    expect(stackOneContactResult.safeParse({ id: "x" }).success).toBe(false);
  });
});

describe("StackOne error messages → unified paths", () => {
  it.each([
    ["first_name must be a string", ["firstName"]],
    ["company_name must be a string", ["companyName"]],
    ["emails.1 must be an email", ["emails", 1, "address"]],
    ["emails must be an array", ["emails"]],
    ["phone_numbers.0 must be a valid phone number", ["phones", 0, "number"]],
    ["deal_ids.2 must be a string", ["stackone", "dealIds", 2]],
    ["account_ids must be an array", ["stackone", "accountIds"]],
    ["custom_fields.0.value must be a string", ["customFields"]],
    ["passthrough must be an object", ["stackone", "passthrough"]],
    ["property nickname should not exist", null],
    ["Resource not found", null],
    ["emailsfoo must be x", null],
  ])("%s → %j", (message, path) => expect(stackOneFieldToPath(message)).toEqual(path));
});

describe("parseStackOneError", () => {
  const raw = { error: "HubSpot secret detail", token: "crm-raw-token" };
  it("reads StackOne's message and the field it names, never provider_errors", () => {
    const info = parseStackOneError({
      statusCode: 400,
      message: "emails.0 must be an email",
      timestamp: "2024-01-15T10:30:00.000Z",
      errorCode: "ValidationError",
      data: { statusCode: 400, message: "crm said no", headers: { "x-crm": "1" } },
      provider_errors: [{ status: 400, url: "https://api.hubapi.com/x", raw, headers: {} }],
    });
    expect(info).toEqual({
      message: "emails.0 must be an email",
      fields: [{ path: ["emails", 0, "address"], message: "emails.0 must be an email" }],
    });
    expect(JSON.stringify(info)).not.toMatch(/HubSpot|crm-raw-token|hubapi|crm said no/);
  });

  it("keeps a message without a known field as a message only", () => {
    expect(parseStackOneError({ statusCode: 409, message: "Contact already exists", timestamp: "t" })).toEqual({
      message: "Contact already exists",
      fields: undefined,
    });
  });

  it("reads a list of messages, one field each", () => {
    expect(parseStackOneError({ statusCode: 400, message: ["first_name must be a string", "Something else"] }).fields).toEqual([
      { path: ["firstName"], message: "first_name must be a string" },
      { path: null, message: "Something else" },
    ]);
  });

  it.each([[null], ["<html>"], [{ message: 42 }], [{ provider_errors: [{ raw }] }], [{ message: "  " }]])(
    "returns nothing from %j",
    (body) => {
      expect(parseStackOneError(body)).toEqual({});
    },
  );
});
