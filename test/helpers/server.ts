import { Writable } from "node:stream";
import { loadConfig, type Config } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { createServer } from "../../src/server.js";
import { serveSimulator, type RunningSimulator } from "../../src/sandbox/http.js";
import type { Simulator } from "../../src/providers/types.js";

export interface TestSubgraph {
  url: string;
  config: Config;
  /** Every log line the subgraph wrote, as raw JSON text. */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real server on a free loopback port with configuration read from `env`, exactly as
 * start-up does. With `sandbox: true` the built-in simulators are started as `npm start` would.
 */
export async function startSubgraph(env: Record<string, string> = {}, options: { sandbox?: boolean } = {}): Promise<TestSubgraph> {
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "debug", ...env });
  let sandbox: Sandbox | undefined;
  if (options.sandbox) {
    sandbox = await startSandbox();
    config.providers = sandbox.providers;
  }
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, destination });
  const server = await createServer(config, logger);
  const url = await server.listen(0, "127.0.0.1");
  return {
    url,
    config,
    logs,
    stop: async () => {
      await server.stop();
      await sandbox?.close();
    },
  };
}

/** Serves a provider simulator on loopback; its URL goes into `<PREFIX>_BASE_URL`. */
export async function startSimulator<S extends Simulator>(sim: S): Promise<S & RunningSimulator> {
  const running = await serveSimulator(sim.handler, sim.basePath);
  return Object.assign(sim, running);
}
