import { Counter, Gauge } from "prom-client";
import { metrics } from "../telemetry/metrics.js";

const registers = [metrics.registry];

/** What /metrics shows about budgets, circuits and bulkheads. Labels: provider labels and fixed reasons only. */
export const guardMetrics = {
  refused: new Counter({
    name: "contacts_calls_refused_total",
    help: "Calls answered without reaching the provider, by reason: budget (rate budget spent), circuit (open), bulkhead (too many reads queued).",
    labelNames: ["provider", "reason"],
    registers,
  }),
  waited: new Counter({
    name: "contacts_rate_budget_waits_total",
    help: "Calls that waited for a slot of the provider's rate budget.",
    labelNames: ["provider"],
    registers,
  }),
  circuitsOpen: new Gauge({
    name: "contacts_circuits_open",
    help: "Circuits open or probing, by provider (one per provider connection); 0: all closed.",
    labelNames: ["provider"],
    registers,
  }),
  circuitChanges: new Counter({
    name: "contacts_circuit_changes_total",
    help: "Circuit state changes, by provider and new state (open, half-open, closed).",
    labelNames: ["provider", "state"],
    registers,
  }),
};
