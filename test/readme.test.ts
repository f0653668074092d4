import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { README_SECTIONS, renderSection } from "../src/docs/sections.js";
import { providerList } from "../src/providers/index.js";

describe("README.md", () => {
  // The provider table, each provider's variables, the field-support table and the read-back table.
  it.each(README_SECTIONS.map((section) => [section.start.slice(5, section.start.indexOf(":")), section] as const))(
    "shows the %s generated from the provider definitions (run `npm run docs` after changing one)",
    async (_name, section) => {
      const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
      expect(readme).toContain(renderSection(section, providerList));
    },
  );

  it("documents only configuration variables the code reads", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## The API"));
    const names = [...table.matchAll(/`([A-Z<][A-Z0-9_<>]+)`/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(20);
    const files = (await readdir(new URL("../src/", import.meta.url), { recursive: true })).filter((f) => f.endsWith(".ts"));
    const source = (await Promise.all(files.map((f) => readFile(new URL(`../src/${f}`, import.meta.url), "utf8")))).join("\n");
    for (const name of names) {
      // Provider variables are built from a prefix (`${prefix}_BASE_URL`, credentials: ["TOKEN"]).
      const prefixes = ["<PROVIDER>", ...providerList.map((definition) => definition.env.prefix)];
      const rest = name.replace(new RegExp(`^(${prefixes.join("|")})_`), "");
      const read = [`"${rest}"`, `_${rest}`, `.${rest}`].some((needle) => source.includes(needle));
      expect(read, `README names ${name}, which src does not read`).toBe(true);
    }
  });

  it("gives the two commands a newcomer runs", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
  });
});
