import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplicas, type Replicas } from "../helpers/replicas.js";
import { create } from "./support.js";

// `npm start` runs the sandbox: its simulators kept every contact (and a provider every replay) for the
// life of the process, so large creates grew the heap until it died. They keep the newest, bounded.
const HEAP_MB = 64;
const CREATES = 480;
// ~200 kB per contact, kept unbounded: ~96 MB, past the heap.
const NAME = "N".repeat(200_000);

describe("the sandbox under large creates for longer than its heap would hold", () => {
  let sandbox: Replicas;
  beforeAll(async () => {
    sandbox = await startReplicas(1, { LOG_LEVEL: "info", STORA_RATE_LIMIT: "none" }, [`--max-old-space-size=${HEAP_MB}`]);
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("stays alive, each create answered, with the heap under its limit", async () => {
    const [{ url, base, logs }] = sandbox.replicas;
    for (let i = 0; i < CREATES; i += 4) {
      const batch = await Promise.all(
        [0, 1, 2, 3].map((j) =>
          create(url, "STORA", {
            input: { firstName: `${NAME}${i + j}`, lastName: "Lovelace", emails: [{ address: `ada${i + j}@example.com` }] },
          }),
        ),
      );
      for (const res of batch) expect(res.data?.createContact?.outcome, logs().slice(-3).join("\n")).toBe("CREATED");
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const heapUsed = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)![1]);
    expect(heapUsed).toBeLessThan(HEAP_MB * 1024 * 1024);
  }, 120_000);
});
