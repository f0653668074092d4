// A provider's documented lengths count characters (code points), as a person reads them, not
// UTF-16 code units: "😀" is one character, two code units.
import { describe, expect, it } from "vitest";
import { ContactUserErrorCode } from "../../src/graphql/enums.js";
import { checkFields, type FieldRules, UNIFIED_FIELDS } from "../../src/providers/fields.js";

const rules = {
  ...Object.fromEntries(UNIFIED_FIELDS.map((field) => [field, null])),
  firstName: { to: "first_name", minLength: 2, maxLength: 3 },
} as FieldRules;
const lengthErrors = (firstName: string) =>
  checkFields("Test", rules, { firstName }).userErrors.map(({ code, message }) => ({ code, message }));

describe("field lengths", () => {
  it.each([
    ["three letters", "Ada"],
    ["three astral characters (six code units)", "😀😀😀"],
    ["two astral characters", "😀😀"],
    ["a lone surrogate and a letter (one character each)", "\ud800a"],
  ])("accepts %s within 2 to 3 characters", (_, value) => {
    expect(lengthErrors(value)).toEqual([]);
  });

  it("counts four astral characters as four, not eight", () => {
    expect(lengthErrors("😀😀😀😀")).toEqual([
      { code: ContactUserErrorCode.TOO_LONG, message: "Test accepts at most 3 characters here (got 4)." },
    ]);
  });

  it("counts one astral character as one, not two", () => {
    expect(lengthErrors("😀")).toEqual([
      { code: ContactUserErrorCode.TOO_SHORT, message: "Test needs at least 2 characters here (got 1)." },
    ]);
  });
});
