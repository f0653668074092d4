import type { ContactProvider } from "../../src/graphql/enums.js";
import { providerList } from "../../src/providers/index.js";
import type { ProviderDefinition, Simulator } from "../../src/providers/types.js";
import type { RunningSimulator } from "../../src/sandbox/http.js";
import { startSimulator } from "../helpers/server.js";

/** The simulators count what reached them; one with a token exchange also counts those apart. */
export type CountingSimulator = Simulator & RunningSimulator & { stats: { requests: number; authorizations?: number } };

export interface Simulated {
  def: ProviderDefinition;
  sim: CountingSimulator;
}

/** Upstream calls that were not a token exchange. */
export const calls = (sim: CountingSimulator) => sim.stats.requests - (sim.stats.authorizations ?? 0);

/**
 * Every provider that has a simulator today, served on loopback, and the environment that points
 * the subgraph at them as real (non-sandbox) configuration would.
 */
export async function startSimulators(): Promise<{
  env: Record<string, string>;
  running: Map<ContactProvider, Simulated>;
  close(): Promise<void>;
}> {
  const env: Record<string, string> = {};
  const running = new Map<ContactProvider, Simulated>();
  for (const def of providerList) {
    if (!def.simulator) continue;
    const sim = (await startSimulator(def.simulator())) as CountingSimulator;
    const { prefix, connection } = def.env;
    env[`${prefix}_BASE_URL`] = sim.url.href;
    for (const [name, value] of Object.entries(sim.credentials)) env[`${prefix}_${name}`] = value;
    if (connection && sim.defaultConnectionId) env[`${prefix}_${connection}`] = sim.defaultConnectionId;
    running.set(def.id, { def, sim });
  }
  return { env, running, close: async () => void (await Promise.all([...running.values()].map(({ sim }) => sim.close()))) };
}
