import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderFieldTable } from "../src/docs/field-table.js";
import { providerList } from "../src/providers/index.js";

describe("README.md", () => {
  it("shows the field-support table the code validates with (run `npm run docs` after changing a provider's rules)", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain(renderFieldTable(providerList));
  });

  it("gives the two commands a newcomer runs", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
  });
});
