import type { ContactProvider } from "../graphql/enums.js";
import { providerList } from "../providers/index.js";
import type { ProviderConfig } from "../providers/types.js";
import { serveSimulator, type RunningSimulator } from "./http.js";

export interface Sandbox {
  providers: Partial<Record<ContactProvider, ProviderConfig>>;
  close(): Promise<void>;
}

/**
 * Starts every provider's simulator on loopback and returns the configuration that points the
 * providers at them. Only used when nothing is configured outside production.
 */
export async function startSandbox(timeoutMs = 10_000): Promise<Sandbox> {
  const running: RunningSimulator[] = [];
  const providers: Sandbox["providers"] = {};
  for (const definition of providerList) {
    if (!definition.simulator) continue;
    const simulator = definition.simulator();
    const server = await serveSimulator(simulator.handler, simulator.basePath);
    running.push(server);
    providers[definition.id] = {
      baseUrl: server.url,
      credentials: simulator.credentials,
      defaultConnectionId: simulator.defaultConnectionId,
      timeoutMs,
      sandbox: true,
    };
  }
  return { providers, close: async () => void (await Promise.all(running.map((server) => server.close()))) };
}
