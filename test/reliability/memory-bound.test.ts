import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoraSimulator, type StoraSimulator } from "../../src/providers/stora/simulator.js";
import type { RunningSimulator } from "../../src/sandbox/http.js";
import { startSimulator } from "../helpers/server.js";
import { create } from "./support.js";

// The built entry point, as `npm start` runs it (npm test builds first), with a heap far smaller
// than what the keyed creates below would keep without a bound.
const ENTRY = new URL("../../dist/src/index.js", import.meta.url).pathname;
const HEAP_MB = 96;
const CREATES = 400;
// Each create keeps two copies of a 200 kB name (the contact and the provider's record): ~160 MB unbounded.
const NAME = "N".repeat(200_000);

describe("the in-process idempotency store under keyed creates larger than the heap", () => {
  let sim: StoraSimulator & RunningSimulator;
  let child: ChildProcess;
  let url = "";
  let stderr = "";

  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator());
    child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ENTRY], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "test",
        PORT: "0",
        LOG_LEVEL: "info",
        STORA_BASE_URL: sim.url.href,
        STORA_TOKEN: sim.credentials.TOKEN,
        // 400 creates as fast as they go: Stora's rate budget (test/reliability/budget.test.ts) is not what this measures.
        STORA_RATE_LIMIT: "none",
        IDEMPOTENCY_MEMORY_MAX_MB: "8",
        IDEMPOTENCY_MEMORY_MAX_KEYS: "1000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const end = Date.now() + 20_000;
    while (!/ready at (http:\/\/[^\s"]+)/.test(stdout)) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`the server did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    url = /ready at (http:\/\/[^\s"]+)/.exec(stdout)![1].replace("localhost", "127.0.0.1");
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exit = once(child, "exit");
      child.kill("SIGKILL");
      await exit;
    }
    await sim?.close();
  });

  it("stays alive with its heap bounded, replays the newest keys, and answers UNKNOWN for an evicted one", async () => {
    const run = randomUUID();
    const keyOf = (i: number) => `bound-${run}-${i}`;
    const input = (i: number) => ({ firstName: `${NAME}${i}`, lastName: "Lovelace", emails: [{ address: `ada${i}@example.com` }] });
    const ids: string[] = [];
    // Four at a time: creates overlap as they would in production, and the test stays short.
    for (let i = 0; i < CREATES; i += 4) {
      const batch = await Promise.all([0, 1, 2, 3].map((j) => create(url, "STORA", { key: keyOf(i + j), input: input(i + j) })));
      for (const res of batch) {
        expect(res.data?.createContact?.outcome, stderr).toBe("CREATED");
        ids.push(res.data!.createContact!.contact!.id);
      }
    }
    expect(child.exitCode).toBeNull();
    expect(sim.stats.creates).toBe(CREATES);

    const metrics = await (await fetch(url.replace("/graphql", "/metrics"))).text();
    const heapUsed = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)![1]);
    // Unbounded, the kept payloads alone pass the whole heap and the process dies; bounded they are 8 MB of JSON.
    expect(heapUsed).toBeLessThan(HEAP_MB * 1024 * 1024);

    // The newest keys are replayed: same contact, nothing sent.
    for (const i of [CREATES - 1, CREATES - 2, CREATES - 3]) {
      const again = await create(url, "STORA", { key: keyOf(i), input: input(i) });
      expect(again.data?.createContact).toMatchObject({ outcome: "CREATED", contact: { id: ids[i] } });
    }
    expect(sim.stats.creates).toBe(CREATES);

    // The oldest result was evicted: its key answers UNKNOWN (the contact may exist) and sends nothing.
    const evicted = await create(url, "STORA", { key: keyOf(0), input: input(0) });
    expect(evicted.data?.createContact).toMatchObject({ outcome: "UNKNOWN", contact: null });
    expect(evicted.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN" });
    expect(evicted.errors?.[0].message).toContain("no longer kept");
    expect(sim.stats.creates).toBe(CREATES);
  }, 120_000);
});
