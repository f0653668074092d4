import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metrics, metricsFor } from "../../src/telemetry/metrics.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { getMetrics, sample } from "./support.js";

describe("/metrics", () => {
  const servers: TestSubgraph[] = [];
  beforeAll(async () => {
    // Two servers in one process share the process's registry: creating the metrics twice would throw.
    servers.push(await startSubgraph({}), await startSubgraph({}));
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it("serves Prometheus text from every server in the process", async () => {
    for (const s of servers) {
      const res = await getMetrics(s.url);
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const name of [
        "contacts_upstream_calls_total",
        "contacts_upstream_errors_total",
        "contacts_upstream_duration_seconds",
        "contacts_idempotency_replays_total",
      ])
        expect(res.text).toContain(`# TYPE ${name} `);
      expect(res.text).toContain("process_cpu_user_seconds_total");
    }
  });

  it("counts a createContact answered from the idempotency store as a replay", async () => {
    const sandbox = await startSubgraph({}, { sandbox: true });
    try {
      const create = () =>
        fetch(sandbox.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query:
              'mutation { createContact(provider: STORA, idempotencyKey: "metrics-replay-1", input: { emails: [{ address: "replay@example.com" }] }) { outcome } }',
          }),
        }).then((r) => r.json());
      const before = sample((await getMetrics(sandbox.url)).text, "contacts_idempotency_replays_total", { provider: "Stora" });
      await create();
      const afterFirst = sample((await getMetrics(sandbox.url)).text, "contacts_idempotency_replays_total", { provider: "Stora" });
      await create();
      const afterReplay = sample((await getMetrics(sandbox.url)).text, "contacts_idempotency_replays_total", { provider: "Stora" });
      expect(afterFirst - before).toBe(0);
      expect(afterReplay - afterFirst).toBe(1);
    } finally {
      await sandbox.stop();
    }
  });

  it("creates the metrics once per registry", () => {
    const registry = new Registry();
    expect(metricsFor(registry)).toBe(metricsFor(registry));
    expect(metricsFor(registry)).not.toBe(metrics);
    expect(metricsFor(metrics.registry)).toBe(metrics);
  });
});
