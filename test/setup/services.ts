import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stopChild } from "../helpers/child.js";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** Answers PING with +PONG within `ms`: a Redis is there. Raw RESP, so a dead port is one quiet `false`. */
export async function redisAnswers(url: string, ms = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(ms, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    let reply = "";
    // A Redis with a password answers -NOAUTH: it is there, the URL's credentials are the tests' business.
    socket.on("data", (chunk) => {
      reply += chunk;
      if (/^(\+PONG|-NOAUTH)/.test(reply)) done(true);
    });
  });
}

/** The executable's path on PATH, or undefined. */
export function which(command: string, path = process.env.PATH ?? ""): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find((candidate) => existsSync(candidate));
}

/** A loopback port nothing listens on right now (for a process that cannot report the one it got from port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type RedisForTests =
  | { url: string; started: false; stop(): Promise<void> }
  | { url: string; started: true; pid: number; stop(): Promise<void> }
  | { missing: string };

/**
 * The Redis the tests use: the one at REDIS_URL (or 127.0.0.1:6379) when it answers, else a
 * throwaway `redis-server` on a free loopback port, in memory only, stopped by `stop()`. When there
 * is neither, `missing` says in one line what to install.
 */
export async function redisForTests(env: NodeJS.ProcessEnv = process.env): Promise<RedisForTests> {
  const wanted = env.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (await redisAnswers(wanted)) return { url: wanted, started: false, stop: async () => {} };
  const server = which("redis-server", env.PATH);
  if (!server)
    return {
      missing: `No Redis answers at ${wanted} and redis-server is not installed: apt-get install -y redis-server (or set REDIS_URL).`,
    };
  const port = await freePort();
  const child = spawn(server, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  // Bounded: a server that does not stop within 5 s is killed.
  const stop = () => stopChild(child);
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url, 200))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      return { missing: `redis-server did not start on port ${port}: check that \`redis-server --port ${port}\` runs.` };
    }
    await sleep(50);
  }
  return { url, started: true, pid: child.pid!, stop };
}

export const CHROMIUM = () => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
