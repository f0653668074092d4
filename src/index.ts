// Start-up only: configuration, sandbox, server, listen, shutdown.
import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { startSandbox, type Sandbox } from "./sandbox/index.js";
import { createServer } from "./server.js";

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`contacts-subgraph: configuration error: ${err.message}`);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, pretty: !config.production && process.stdout.isTTY });
let sandbox: Sandbox | undefined;
if (config.sandbox) {
  sandbox = await startSandbox();
  config.providers = sandbox.providers;
  logger.warn("SANDBOX MODE: no provider is configured, so every provider is served by its built-in simulator on loopback. Nothing real is created; ids start with sandbox_.");
}

const server = await createServer(config, logger);
const url = await server.listen(config.port);
logger.info({ url, providers: Object.keys(config.providers), sandbox: config.sandbox }, `contacts-subgraph ready at ${url}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing requests in flight");
  await server.stop();
  await sandbox?.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
