import { describe, expect, it } from "vitest";
import { normalizeInput, toE164 } from "../src/providers/normalize.js";

describe("phone normalisation", () => {
  it.each([
    ["+1 (415) 555-1234", undefined, "+14155551234"],
    ["+212 6 12 34 56 78", undefined, "+212612345678"],
    ["06 12 34 56 78", "MA", "+212612345678"],
    ["020 7946 0958", "GB", "+442079460958"],
  ])("%s (region %s) → %s", (number, region, e164) => expect(toE164(number, region)).toBe(e164));

  it.each([["12"], ["not a phone"], ["020 7946 0958"]])("cannot read %s without a region", (n) => expect(toE164(n)).toBeUndefined());

  it("reads national numbers with the first address's country", () => {
    const { input, userErrors } = normalizeInput({
      phones: [{ number: "0612345678" }],
      addresses: [{ city: "Rabat" }, { countryCode: "MA" }],
    });
    expect(userErrors).toEqual([]);
    expect(input.phones![0].number).toBe("+212612345678");
  });

  it("treats blank strings as absent", () => {
    const { input } = normalizeInput({ firstName: "  ", lastName: "Lovelace", addresses: [{ line1: "", city: "London" }] });
    expect(input).toEqual({ lastName: "Lovelace", addresses: [{ city: "London" }] });
  });

  it("names the field of every problem", () => {
    const { userErrors } = normalizeInput({ phones: [{ number: "+14155551234" }, { number: "abc" }], customFields: { ok: 1, bad: [1] } });
    expect(userErrors.map((e) => e.field)).toEqual([
      ["input", "phones", "1", "number"],
      ["input", "customFields", "bad"],
    ]);
  });
});

describe("formats, blanks and the caller's paths", () => {
  it("checks each format with graphql-scalars' validation and says what to write", () => {
    const { userErrors } = normalizeInput({
      emails: [{ address: "ada@example.com" }, { address: "not-an-email" }],
      phones: [{ number: "0612345678", countryCode: "Morocco" }],
      addresses: [{ countryCode: "XX" }],
      dateOfBirth: "10/12/1815",
    });
    expect(userErrors.map((e) => [e.field!.join("."), e.code, e.message])).toEqual([
      ["input.emails.1.address", "INVALID", "Not a valid email address."],
      ["input.phones.0.countryCode", "INVALID", expect.stringContaining('"GB"')],
      ["input.addresses.0.countryCode", "INVALID", expect.stringContaining("ISO 3166-1 alpha-2")],
      ["input.dateOfBirth", "INVALID", expect.stringContaining("YYYY-MM-DD")],
    ]);
  });

  it("drops list items whose value is blank, and maps paths on the result back to the caller's indices", () => {
    const { input, callerPath } = normalizeInput({
      emails: [{ address: " " }, { address: "a@b.co" }],
      addresses: [{ type: "HOME" as never, line1: "" }, { city: "Rabat" }],
      gomobile: { channels: ["", "sms", " "] },
    });
    expect(input).toEqual({ emails: [{ address: "a@b.co" }], addresses: [{ city: "Rabat" }], gomobile: { channels: ["sms"] } });
    expect(callerPath(["input", "emails", "0", "address"])).toEqual(["input", "emails", "1", "address"]);
    expect(callerPath(["input", "addresses", "0"])).toEqual(["input", "addresses", "1"]);
    expect(callerPath(["input", "gomobile", "channels", "0"])).toEqual(["input", "gomobile", "channels", "1"]);
    expect(callerPath(["input", "phones", "0"])).toEqual(["input", "phones", "0"]);
  });

  it("leaves a list of nothing but blanks absent, and JSON values as given", () => {
    const { input } = normalizeInput({
      emails: [{ address: "" }],
      customFields: { note: " padded " },
      stackone: { passthrough: { x: " " } },
    });
    expect(input).toEqual({ customFields: { note: " padded " }, stackone: { passthrough: { x: " " } } });
  });
});
