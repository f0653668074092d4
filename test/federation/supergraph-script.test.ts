import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run supergraph` is this build step then the built script (npm test builds first).
const SCRIPT = new URL("../../dist/src/supergraph.js", import.meta.url).pathname;
const NOTES = new URL("../fixtures/federation/notes.graphql", import.meta.url).pathname;
const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])`;

async function run(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run supergraph", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "contacts-supergraph-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("composes this subgraph, from the code, with the SDL files given, into a supergraph with their routing URLs", async () => {
    const out = join(dir, "supergraph.graphql");
    const result = await run(["--out", out, "--contacts-url", "http://contacts:4001/graphql", `${NOTES}=http://notes:4002/graphql`]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout.trim()).toBe(`wrote ${out}: contacts, notes`);
    const supergraph = await readFile(out, "utf8");
    expect(supergraph).toContain(`CONTACTS @join__graph(name: "contacts", url: "http://contacts:4001/graphql")`);
    expect(supergraph).toContain(`NOTES @join__graph(name: "notes", url: "http://notes:4002/graphql")`);
    expect(supergraph).toMatch(/contact\(id: ID!\): Contact @join__field\(graph: CONTACTS\)/);
  });

  it("writes a contract variant with --exclude-tag: what is tagged internal, and the types only it used, are gone", async () => {
    const out = join(dir, "contract.graphql");
    const result = await run(["--out", out, "--exclude-tag", "internal", NOTES]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const supergraph = await readFile(out, "utf8");
    expect(supergraph).not.toMatch(/previewCreateContact|providerData|ContactRequestPreview|@tag\(name: "internal"\)/);
    expect(supergraph).toMatch(/createContact\(/);
    expect(supergraph).toMatch(/notes: \[Note!\]!/);
  });

  const cases: [string, string, RegExp][] = [
    [
      "an error",
      `${LINK}\ntype Query { other: ContactEmail }\ntype ContactEmail { address: Int! }`,
      /^supergraph: composition failed: FIELD_TYPE_MISMATCH: Type of field "ContactEmail.address" is incompatible/,
    ],
    [
      "a hint",
      `${LINK}\ntype Query { other(email: ContactEmailInput): String }\ninput ContactEmailInput { address: String! }`,
      /^supergraph: composition failed: INCONSISTENT_INPUT_OBJECT_FIELD: Input object field "type" will not be added/,
    ],
    ["a syntax error", "type Query {", /^supergraph: .*other\.graphql: Syntax Error: Expected Name, found <EOF>\.$/],
  ];
  it.each(cases)("fails on %s with the reason in one line, and writes nothing", async (_, sdl, reason) => {
    const file = join(dir, "other.graphql");
    await writeFile(file, sdl);
    const out = join(dir, "failed.graphql");
    const result = await run(["--out", out, file]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter(Boolean)).toEqual([expect.stringMatching(reason)]);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it("fails in one line on a file that is not there", async () => {
    const result = await run([join(dir, "missing.graphql")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^supergraph: \S+missing\.graphql: ENOENT: no such file or directory[^\n]*\n$/);
  });
});
