// Start-up only: configuration, sandbox, server, listen, shutdown.
import "reflect-metadata";
import os from "node:os";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { startSandbox, type Sandbox } from "./sandbox/index.js";
import { ANSWER_GRACE_MS, createServer } from "./server.js";
import { flushTracing } from "./telemetry/tracing.js";

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`contacts-subgraph: configuration error: ${err.message}`);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, pretty: !config.production && process.stdout.isTTY });
// A promise some code dropped after it rejected (Apollo's entity resolver did, on a bad representation)
// must not take the replica and every request in flight down with it: one JSON line says it is a bug.
process.on("unhandledRejection", (reason) => {
  const err = reason instanceof Error ? reason : new Error(typeof reason === "string" ? reason : "a value that is not an Error");
  logger.error({ err: { name: err.name, message: err.message.slice(0, 200) } }, "unhandled promise rejection (a bug): still serving");
});
let sandbox: Sandbox | undefined;
if (config.sandbox) {
  sandbox = await startSandbox();
  config.providers = sandbox.providers;
  logger.warn(
    "SANDBOX MODE: no provider is configured, so every provider is served by its built-in simulator on loopback. Nothing real is created; ids start with sandbox_.",
  );
}

// Not refused (a private network may be the boundary), but never silent.
if (config.production && !config.routerSecret)
  logger.warn(
    "ROUTER_SECRET is not set: anyone who can reach this port can call /graphql. Set it to the secret the router sends in Router-Authorization.",
  );

const server = await createServer(config, logger);
const url = await server.listen(config.port);
logger.info({ url, providers: Object.keys(config.providers), sandbox: config.sandbox }, `contacts-subgraph ready at ${url}`);

// SIGTERM (Kubernetes, docker stop) and SIGINT (Ctrl-C) drain: requests in flight get
// SHUTDOWN_TIMEOUT_MS, then everything this process opened is closed and it exits by itself.
// A second signal exits at once; whatever hangs, the process is gone 2 s after the deadline.
const FORCED_EXIT_AFTER_MS = ANSWER_GRACE_MS + 1_000;
let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  const forcedCode = 128 + (os.constants.signals[signal] ?? 0);
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting without waiting for requests in flight");
    process.exit(forcedCode);
  }
  stopping = true;
  logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "shutting down: finishing requests in flight");
  setTimeout(() => {
    logger.error({ open: process.getActiveResourcesInfo() }, "shutdown did not finish in time: exiting");
    process.exit(1);
  }, config.shutdownTimeoutMs + FORCED_EXIT_AFTER_MS).unref();
  await server.stop();
  await sandbox?.close();
  await flushTracing();
  logger.info("stopped");
  // Nothing is left open, so the event loop empties and the process exits with 0. Something still
  // open (a pool or timer a change forgot to close) is named here, and does not keep us alive.
  setTimeout(() => {
    logger.warn({ open: process.getActiveResourcesInfo() }, "shutdown: resources still open after closing everything; exiting");
    process.exit(0);
  }, 1_000).unref();
}
const onSignal = (signal: NodeJS.Signals) => () =>
  void shutdown(signal).catch((err: Error) => {
    logger.error({ err: { name: err.name, message: err.message } }, "shutdown failed: exiting");
    process.exit(1);
  });
process.on("SIGTERM", onSignal("SIGTERM"));
process.on("SIGINT", onSignal("SIGINT"));
