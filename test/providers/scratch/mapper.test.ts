import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromScratchContact, toScratchCreateContact } from "./mapper.js";
import { scratchContact } from "./types.js";

const dir = new URL("../../fixtures/scratch/", import.meta.url);
const fixtures = readdirSync(dir).filter((file) => file.endsWith(".json"));

describe("Scratch mappers, replayed from fixtures", () => {
  it("has fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(1));

  for (const file of fixtures) {
    const fixture = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    it(`${file}: unified input → create body`, () =>
      expect(toScratchCreateContact(fixture.input, fixture.input.scratch)).toEqual(fixture.request));
    it(`${file}: contact → unified contact, providerData as returned`, () => {
      const mapped = fromScratchContact(scratchContact.parse(fixture.response));
      expect(mapped).toMatchObject(fixture.contact);
      expect(mapped.providerData).toEqual(fixture.response);
    });
  }
});
