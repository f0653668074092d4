import { composeServices } from "@apollo/composition";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoraSimulator } from "../src/providers/stora/simulator.js";
import { notesSdl } from "./federation/notes-subgraph.js";
import { startSimulator } from "./helpers/server.js";

// What the Dockerfile's last stage runs, without Docker: `npm pack`, an empty folder, production
// dependencies only, then the image's own CMD with NODE_ENV=production. One npm install per run (slow: the registry).
const ROOT = new URL("..", import.meta.url).pathname;
const TOKEN = "stora-package-token";
const SECRET = "package-router-secret";
const run = promisify(execFile);

describe("the packed project, installed with production dependencies only, run by the Dockerfile's CMD", () => {
  let dir: string;
  let app: string;
  let files: string[];
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  let child: ChildProcess | undefined;
  let output = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "contacts-package-"));
    // Packed from a copy, so prepack's build writes into the copy and not into the dist/ other tests run.
    const source = join(dir, "source");
    await mkdir(source);
    for (const entry of [
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "tsconfig.build.json",
      "src",
      "bench",
      "schema.graphql",
      "README.md",
    ])
      await cp(join(ROOT, entry), join(source, entry), { recursive: true });
    await symlink(join(ROOT, "node_modules"), join(source, "node_modules"), "dir");
    const packed = JSON.parse(
      (await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: source, timeout: 120_000 })).stdout,
    ) as { filename: string; files: { path: string }[] }[];
    files = packed[0].files.map((file) => file.path);
    app = join(dir, "app");
    await mkdir(app);
    await run("tar", ["-xzf", join(dir, packed[0].filename), "--strip-components=1", "-C", app]);
    await run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app, timeout: 240_000 });
    sim = await startSimulator(createStoraSimulator(TOKEN));
  }, 400_000);
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("packs the built server, the locked dependency tree and the SDL, and no sources or tests", async () => {
    expect(files).toEqual(expect.arrayContaining(["dist/src/index.js", "npm-shrinkwrap.json", "schema.graphql", "package.json"]));
    expect(
      files.filter(
        (file) => !file.startsWith("dist/src/") && !["npm-shrinkwrap.json", "schema.graphql", "package.json", "README.md"].includes(file),
      ),
    ).toEqual([]);
    // The shrinkwrap exists only while packing (prepack/postpack): package-lock.json stays the one lock file.
    await expect(readFile(join(dir, "source", "npm-shrinkwrap.json"))).rejects.toThrow(/ENOENT/);
  });

  it("installs no dev dependency", async () => {
    for (const dev of ["typescript", "vitest", "@apollo/gateway", "@graphql-hive/gateway"])
      await expect(readFile(join(app, "node_modules", dev, "package.json")), dev).rejects.toThrow(/ENOENT/);
  });

  it("answers, composes and stops cleanly on SIGTERM", async () => {
    const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
    const [command, ...args] = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]) as string[];
    expect(/^STOPSIGNAL (\w+)$/m.exec(dockerfile)![1]).toBe("SIGTERM");
    child = spawn(command === "node" ? process.execPath : command, args, {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: "0",
        ROUTER_SECRET: SECRET,
        STORA_BASE_URL: sim.url.href,
        STORA_TOKEN: TOKEN,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 20_000;
    while (!/ready at http:\/\/localhost:\d+/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Production logs are JSON lines, never pretty-printed.
    for (const line of output.trim().split("\n")) expect(() => JSON.parse(line), line).not.toThrow();
    const port = /ready at http:\/\/localhost:(\d+)/.exec(output)![1];
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // The image's HEALTHCHECK command, as Docker would run it inside the container.
    const [checkCommand, ...checkArgs] = JSON.parse(
      /^\s*CMD (\[.*\])$/m.exec(dockerfile.slice(dockerfile.indexOf("HEALTHCHECK")))![1],
    ) as string[];
    const healthcheck = () =>
      run(checkCommand === "node" ? process.execPath : checkCommand, checkArgs, {
        cwd: app,
        env: { PATH: process.env.PATH, PORT: port },
        timeout: 10_000,
      }).then(
        () => 0,
        (err: { code: number }) => err.code,
      );
    expect(await healthcheck()).toBe(0);

    const graphql = async (query: string, variables?: unknown) => {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "router-authorization": SECRET },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const created = await graphql(
      `mutation($input: CreateContactInput!) { createContact(provider: STORA, input: $input) { outcome contact { id } } }`,
      {
        input: { fullName: "Ada Lovelace", emails: [{ address: "ada@example.com" }] },
      },
    );
    expect(created.data.createContact).toEqual({ outcome: "CREATED", contact: { id: expect.stringMatching(/^ctc1_/) } });
    expect((await graphql(`{ contact(id: "${created.data.createContact.contact.id}") { fullName } }`)).data.contact).toEqual({
      fullName: "Ada Lovelace",
    });

    const sdl = (await graphql("{ _service { sdl } }")).data._service.sdl as string;
    const composed = composeServices([
      { name: "contacts", url: base, typeDefs: parse(sdl) },
      { name: "notes", url: "http://notes", typeDefs: parse(await notesSdl()) },
    ]);
    expect(composed.errors).toBeUndefined();

    const exit = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child!.kill("SIGKILL"), 10_000);
    const [code, signal] = await exit;
    clearTimeout(timer);
    expect([code, signal], output).toEqual([0, null]);
    expect(output).toContain("shutting down");
    expect(await healthcheck()).toBe(1);
  });
});
