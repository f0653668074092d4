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
      for (const name of ["contacts_upstream_calls_total", "contacts_upstream_errors_total", "contacts_upstream_duration_seconds", "contacts_idempotency_replays_total"])
        expect(res.text).toContain(`# TYPE ${name} `);
      expect(res.text).toContain("process_cpu_user_seconds_total");
    }
  });

  it("shows idempotency replays counted by the idempotency store", async () => {
    const before = sample((await getMetrics(servers[0].url)).text, "contacts_idempotency_replays_total", { provider: "Stora" });
    metrics.idempotencyReplays.inc({ provider: "Stora" });
    const after = sample((await getMetrics(servers[1].url)).text, "contacts_idempotency_replays_total", { provider: "Stora" });
    expect(after - before).toBe(1);
  });

  it("creates the metrics once per registry", () => {
    const registry = new Registry();
    expect(metricsFor(registry)).toBe(metricsFor(registry));
    expect(metricsFor(registry)).not.toBe(metrics);
    expect(metricsFor(metrics.registry)).toBe(metrics);
  });
});
