import { spawn, type ChildProcess } from "node:child_process";
import { stopChild } from "./child.js";

// The built entry point, as `npm start` runs it (npm test builds first).
const ENTRY = new URL("../../dist/src/index.js", import.meta.url).pathname;

export interface Replica {
  url: string;
  base: string;
  logs: () => string[];
}

export interface Replicas {
  replicas: Replica[];
  /** SIGTERM, then SIGKILL after 5 s: never leaves a process behind. */
  stop(): Promise<void>;
}

/** Starts `count` replicas of the subgraph as separate processes on free ports, all with `env` (and `nodeArgs`, such as a heap limit). */
export async function startReplicas(count: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<Replicas> {
  const children: ChildProcess[] = [];
  const stop = async () => void (await Promise.all(children.map(stopChild)));
  try {
    const replicas = await Promise.all(
      Array.from({ length: count }, async () => {
        const child = spawn(process.execPath, [...nodeArgs, ENTRY], {
          env: { PATH: process.env.PATH, NODE_ENV: "test", PORT: "0", ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        children.push(child);
        let out = "";
        child.stdout!.on("data", (d) => (out += d));
        child.stderr!.on("data", (d) => (out += d));
        // Generous: the whole suite may be running on the same two cores.
        const end = Date.now() + 60_000;
        const readyPort = () => /ready at http:\/\/localhost:(\d+)\/graphql/.exec(out)?.[1];
        let port = readyPort();
        for (; !port; port = readyPort()) {
          if (child.exitCode !== null || Date.now() > end) throw new Error(`replica did not start: ${out.slice(0, 500)}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const base = `http://127.0.0.1:${port}`;
        return { url: `${base}/graphql`, base, logs: () => out.split("\n").filter(Boolean) };
      }),
    );
    return { replicas, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
