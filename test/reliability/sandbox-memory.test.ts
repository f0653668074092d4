import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopChild } from "../helpers/child.js";
import { create } from "./support.js";

// `npm start` runs the sandbox: its simulators kept every contact (and Stora every replay) for the
// life of the process, so large creates grew the heap until it died. They keep the newest, bounded.
const ENTRY = new URL("../../dist/src/index.js", import.meta.url).pathname;
const HEAP_MB = 64;
const CREATES = 480;
// ~200 kB per contact, kept unbounded: ~96 MB, past the heap.
const NAME = "N".repeat(200_000);

describe("the sandbox under large creates for longer than its heap would hold", () => {
  let child: ChildProcess;
  let url = "";
  let stderr = "";

  beforeAll(async () => {
    child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ENTRY], {
      env: { PATH: process.env.PATH, NODE_ENV: "test", PORT: "0", LOG_LEVEL: "info", STORA_RATE_LIMIT: "none" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const end = Date.now() + 20_000;
    while (!/ready at (http:\/\/[^\s"]+)/.test(stdout)) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`the server did not start: ${stdout} ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    url = /ready at (http:\/\/[^\s"]+)/.exec(stdout)![1].replace("localhost", "127.0.0.1");
  }, 30_000);
  afterAll(async () => {
    if (child) await stopChild(child);
  });

  it("stays alive, each create answered, with the heap under its limit", async () => {
    for (let i = 0; i < CREATES; i += 4) {
      const batch = await Promise.all(
        [0, 1, 2, 3].map((j) =>
          create(url, "STORA", {
            input: { firstName: `${NAME}${i + j}`, lastName: "Lovelace", emails: [{ address: `ada${i + j}@example.com` }] },
          }),
        ),
      );
      for (const res of batch) expect(res.data?.createContact?.outcome, stderr.slice(0, 500)).toBe("CREATED");
    }
    expect(child.exitCode).toBeNull();
    const metrics = await (await fetch(url.replace("/graphql", "/metrics"))).text();
    const heapUsed = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)![1]);
    expect(heapUsed).toBeLessThan(HEAP_MB * 1024 * 1024);
  }, 120_000);
});
