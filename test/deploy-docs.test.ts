import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

// The README's deployment snippets are what the tests run, not a paraphrase of them.
const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), "utf8");

describe("README: Compose it into a supergraph, Deploy", () => {
  it("shows gateway.config.ts as it is (the file test/federation/hive-gateway.test.ts runs)", async () => {
    const readme = await read("README.md");
    const block = /\*\*With Hive Gateway\*\*[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1];
    const config = (await read("gateway.config.ts")).replace(/^(\/\/.*\n)+/, "");
    expect(block).toBe(config);
  });

  it("gives Apollo Router the same error extensions as the one table of codes, and the image's start command as npm's", async () => {
    const readme = await read("README.md");
    const keys = [...readme.matchAll(/allow_extensions_keys: \[([^\]]+)\]/g)].map((match) => match[1]);
    expect(keys.length).toBeGreaterThan(1);
    expect(new Set(keys).size).toBe(1);
    const dockerfile = await read("Dockerfile");
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]) as string[];
    const scripts = (JSON.parse(await read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(cmd.join(" ")).toBe(scripts["start:production"]);
    expect(readme).toContain(`CMD ${JSON.stringify(cmd).replace(/","/g, '", "')}`);
  });

  it("runs in compose.yaml the gateway version the tests run, with the tested config, two replicas and Redis", async () => {
    const compose = await read("compose.yaml");
    const installed = (JSON.parse(await read("node_modules/@graphql-hive/gateway/package.json")) as { version: string }).version;
    expect(compose).toContain(`image: ghcr.io/graphql-hive/gateway:${installed}`);
    expect(compose).toContain("./gateway.config.ts:/gateway/gateway.config.ts:ro");
    expect(compose).toMatch(/replicas: 2/);
    expect(compose).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
    // Secrets stay out of the image: the build context never contains .env.
    expect((await read(".dockerignore")).split("\n")).toEqual(expect.arrayContaining([".env", ".env.*", "node_modules"]));
  });
});
