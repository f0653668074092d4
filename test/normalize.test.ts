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
    const { input, userErrors } = normalizeInput({ phones: [{ number: "0612345678" }], addresses: [{ city: "Rabat" }, { countryCode: "MA" }] });
    expect(userErrors).toEqual([]);
    expect(input.phones![0].number).toBe("+212612345678");
  });

  it("treats blank strings as absent", () => {
    const { input } = normalizeInput({ firstName: "  ", lastName: "Lovelace", addresses: [{ line1: "", city: "London" }] });
    expect(input).toEqual({ lastName: "Lovelace", addresses: [{ city: "London" }] });
  });

  it("names the field of every problem", () => {
    const { userErrors } = normalizeInput({ phones: [{ number: "+14155551234" }, { number: "abc" }], customFields: { ok: 1, bad: [1] } });
    expect(userErrors.map((e) => e.field)).toEqual([["input", "phones", "1", "number"], ["input", "customFields", "bad"]]);
  });
});
