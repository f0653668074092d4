import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

const dist = (path: string) => new URL(`../../../dist/src/${path}`, import.meta.url).href;

export interface StoraStats {
  creates: number;
  requests: number;
  limited: number;
  served: number[];
  refused: number[];
  emails: string[];
}

export interface StoraProcess {
  url: URL;
  stats(): Promise<StoraStats>;
  stop(): Promise<void>;
}

// Runs in its own process, so the load the test generates does not delay the simulator's clock.
const SCRIPT = `
import "reflect-metadata";
import { createStoraSimulator } from ${JSON.stringify(dist("providers/stora/simulator.js"))};
import { serveSimulator } from ${JSON.stringify(dist("sandbox/http.js"))};
import { createInterface } from "node:readline";
const { token, rateLimits, seed, port } = JSON.parse(process.env.STORA_PROCESS);
const sim = createStoraSimulator(token, { rateLimits });
const plain = createStoraSimulator(token);
const ids = [];
for (let i = 0; i < seed; i++) {
  const res = await plain.handler({ method: "POST", path: "/contacts", query: new URLSearchParams(), body: { email: "seed" + i + "@example.com" }, headers: { authorization: "Bearer " + token, "content-type": "application/json" } });
  sim.contacts.set(res.body.contact.id, res.body.contact);
  ids.push(res.body.contact.id);
}
const server = await serveSimulator(sim.handler, sim.basePath, port);
console.log(JSON.stringify({ url: server.url.href, ids }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "stats") console.log(JSON.stringify({ ...sim.stats, emails: [...sim.contacts.values()].map((c) => c.email) }));
}
await server.close();
`;

/** Stora's simulator in a process of its own, enforcing `rateLimits`, with `seed` contacts already stored. */
export async function startStoraProcess(options: {
  token: string;
  rateLimits: { requests: number; seconds: number }[];
  seed?: number;
  port?: number;
}): Promise<StoraProcess & { ids: string[] }> {
  const child: ChildProcess = spawn(process.execPath, ["--input-type=module", "-e", SCRIPT], {
    env: { PATH: process.env.PATH, STORA_PROCESS: JSON.stringify({ seed: 0, port: 0, ...options }) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const ready = (await next()) as { url: string; ids: string[] };
  clearTimeout(timer);
  return {
    url: new URL(ready.url),
    ids: ready.ids,
    stats: async () => {
      child.stdin!.write("stats\n");
      return (await next()) as StoraStats;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.stdin!.end();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(kill);
    },
  };
}
