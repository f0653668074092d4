import { printSubgraphSchema } from "@apollo/subgraph";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildContactsSchema } from "../src/schema.js";

describe("schema.graphql", () => {
  it("is what the code generates (run `npm run schema` after changing a type)", async () => {
    const committed = await readFile(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSchema(await buildContactsSchema())).toBe(committed);
  });

  it("keeps the contract's names", async () => {
    const sdl = await readFile(new URL("../schema.graphql", import.meta.url), "utf8");
    for (const name of [
      "enum ContactProvider",
      "createContact(",
      "contactProviders:",
      "previewCreateContact(",
      'type Contact\n  @key(fields: "id")',
      "input CreateContactInput",
      "input ContactEmailInput",
      "input ContactPhoneInput",
      "input ContactAddressInput",
      "type CreateContactPayload",
      "type ContactUserError",
      "type ContactWarning",
      "enum ContactUserErrorCode",
      "enum ContactWarningCode",
      "stora: StoraContactOptions",
      "masivo: MasivoContactOptions",
      "stackone: StackOneContactOptions",
      "gomobile: GomobileContactOptions",
    ])
      expect(sdl).toContain(name);
  });
});
