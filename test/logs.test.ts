import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";

// `npm start` is the build and then `npm run start:production`'s command; npm test has built already.
const ROOT = new URL("..", import.meta.url).pathname;
const READY = /ready at http:\/\/localhost:(\d+)\/graphql/;

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/**
 * On a terminal: the start command through npm, in a pty (util-linux `script`). On pipes: the
 * server itself, as the image runs it (npm on pipes exits on SIGTERM before its child does).
 */
async function start(terminal: boolean, env: Record<string, string> = {}) {
  const child = terminal
    ? spawn("script", ["-qec", "npm run start:production --silent", "/dev/null"], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, PORT: "0", TERM: "xterm", ...env },
        stdio: ["pipe", "pipe", "pipe"],
      })
    : spawn(process.execPath, ["dist/src/index.js"], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, PORT: "0", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 20_000;
  while (!READY.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`did not start: ${output}`);
    await sleep(50);
  }
  const port = READY.exec(output)![1];
  return {
    lines: () => output.replace(/\r/g, "").split("\n").filter(Boolean),
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
      // The server itself, not only the terminal around it, is gone.
      const end = Date.now() + 5_000;
      while (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          () => true,
          () => false,
        )
      ) {
        if (Date.now() > end) throw new Error(`the server on port ${port} outlived its terminal`);
        await sleep(100);
      }
    },
  };
}

const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === "object";
  } catch {
    return false;
  }
};

describe("start-up logs", () => {
  it("are human-readable lines on a terminal, through npm", async () => {
    const server = await start(true);
    const ready = server.lines().find((line) => READY.test(line))!;
    expect(isJson(ready)).toBe(false);
    expect(ready).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*: .*contacts-subgraph ready at/);
    await server.stop();
  });

  it("are JSON lines when stdout is not a terminal", async () => {
    const server = await start(false);
    expect(server.lines().every(isJson)).toBe(true);
    await server.stop();
  });

  it("are JSON lines in production, even on a terminal", async () => {
    const server = await start(true, { NODE_ENV: "production", STORA_BASE_URL: "http://127.0.0.1:9/2025-09", STORA_TOKEN: "t" });
    expect(server.lines().filter((line) => line.startsWith("{")).length).toBeGreaterThan(0);
    expect(server.lines().every(isJson)).toBe(true);
    await server.stop();
  });
});
