// `npm run bench`: the subgraph against a bare pass-through proxy, both in front of the same
// zero-latency Stora-speaking upstream, each in its own process. Prints figures and ratios;
// the targets are printed, not asserted.
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { encodeContactId } from "../src/providers/global-id.js";
import { ContactProvider } from "../src/graphql/enums.js";

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const children: ChildProcess[] = [];

function startChild(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (d) => resolve({ child, port: JSON.parse(String(d).split("\n")[0]).port }));
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

async function waitForHealth(url: string) {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

/** Heap and RSS of the subgraph after a full collection (bench/subgraph.ts answers SIGUSR2). */
function memoryOf(child: ChildProcess): Promise<{ heapMiB: number; rssMiB: number }> {
  return new Promise((resolve) => {
    const read = (d: Buffer) => {
      const line = String(d).split("\n").find((l) => l.startsWith('{"heapUsed"'));
      if (!line) return;
      child.stdout!.off("data", read);
      const { heapUsed, rss } = JSON.parse(line) as { heapUsed: number; rss: number };
      resolve({ heapMiB: heapUsed / 2 ** 20, rssMiB: rss / 2 ** 20 });
    };
    child.stdout!.on("data", read);
    child.kill("SIGUSR2");
  });
}

const mutation = (alias = "createContact") =>
  `${alias}: createContact(provider: STORA, input: { firstName: "Ada", lastName: "Lovelace", emails: [{ address: "ada@example.com" }], phones: [{ number: "+442079460958" }] }) { contact { id fullName emails { address } } userErrors { code } }`;
const gql = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
const post = (url: string, body: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (r) => {
    const json = (await r.json()) as { errors?: unknown[] };
    if (!r.ok || json.errors) throw new Error(`bench request failed: ${r.status} ${JSON.stringify(json.errors)}`);
  });

async function load(url: string, body: string, seconds: number) {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, method: "POST", headers: { "content-type": "application/json" }, body });
}

async function timeRounds(rounds: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return (performance.now() - start) / rounds;
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? "meets target" : "MISSES target");

try {
  const upstream = await startChild(here("./upstream.js"));
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const proxy = await startChild(here("./proxy.js"), [upstreamUrl]);
  const port = await freePort();
  const subgraph = spawn(process.execPath, ["--expose-gc", here("./subgraph.js")], {
    env: {
      ...process.env, PORT: String(port), LOG_LEVEL: "warn", NODE_ENV: "production", STORA_BASE_URL: `${upstreamUrl}/2025-09`, STORA_TOKEN: "bench",
      // The 50-alias operation below is past the production defaults on purpose.
      MAX_CREATES_PER_OPERATION: "50", MAX_QUERY_ALIASES: "60", MAX_QUERY_TOKENS: "10000", MAX_QUERY_COST: "100000",
      // An idle budget: asked on every call, never spent (BENCH_STORA_RATE_LIMIT=none measures without one).
      STORA_RATE_LIMIT: process.env.BENCH_STORA_RATE_LIMIT ?? "1000000000/s",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(subgraph);
  subgraph.stdout!.resume(); // log lines are read only for the memory figures: never let the pipe fill
  await waitForHealth(`http://127.0.0.1:${port}/health`);
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  const proxyUrl = `http://127.0.0.1:${proxy.port}/`;
  const storaBody = JSON.stringify({ email: "ada@example.com", full_name: "Ada Lovelace", phone_number: "+442079460958" });
  const single = gql(`mutation { ${mutation()} }`);

  console.log(`contacts-subgraph benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run after a 3 s warm-up, Node ${process.version}\n`);
  await load(proxyUrl, storaBody, 3);
  const bare = await load(proxyUrl, storaBody, SECONDS);
  await load(graphqlUrl, single, 3);
  const ours = await load(graphqlUrl, single, SECONDS);
  if (ours.non2xx || ours.errors) console.log(`warning: subgraph answered ${ours.non2xx} non-2xx and ${ours.errors} errors`);

  // The floor of any graphql-js server here: an operation that calls nothing.
  await load(graphqlUrl, gql("{ __typename }"), 3);
  const floor = await load(graphqlUrl, gql("{ __typename }"), SECONDS);

  const throughput = ours.requests.average / bare.requests.average;
  const p99 = ours.latency.p99 / bare.latency.p99;
  console.log("| | req/s | p50 ms | p99 ms |\n|---|---|---|---|");
  console.log(`| pass-through proxy | ${fmt(bare.requests.average, 0)} | ${bare.latency.p50} | ${bare.latency.p99} |`);
  console.log(`| subgraph createContact | ${fmt(ours.requests.average, 0)} | ${ours.latency.p50} | ${ours.latency.p99} |`);
  console.log(`| subgraph { __typename } (no upstream call) | ${fmt(floor.requests.average, 0)} | ${floor.latency.p50} | ${floor.latency.p99} |`);
  console.log(`\nthroughput subgraph/proxy: ${fmt(throughput, 2)} (target ≥ 0.60: ${verdict(throughput >= 0.6)})`);
  console.log(`p99 latency subgraph/proxy: ${fmt(p99, 2)} (target ≤ 2.00: ${verdict(p99 <= 2)})`);
  console.log(`GraphQL floor ({ __typename })/proxy: ${fmt(floor.requests.average / bare.requests.average, 2)}; createContact/floor: ${fmt(ours.requests.average / floor.requests.average, 2)}`);

  const aliased = gql(`mutation { ${Array.from({ length: 50 }, (_, i) => mutation(`c${i}`)).join("\n")} }`);
  const aliasedMs = await timeRounds(20, () => post(graphqlUrl, aliased));
  const singlesMs = await timeRounds(20, () => Promise.all(Array.from({ length: 50 }, () => post(graphqlUrl, single))));
  console.log(`\n50 aliased creates in one operation: ${fmt(aliasedMs)} ms; 50 single concurrent requests: ${fmt(singlesMs)} ms; ratio ${fmt(aliasedMs / singlesMs, 2)} (target ≤ 1.00: ${verdict(aliasedMs <= singlesMs)})`);

  const reps = Array.from({ length: 100 }, (_, i) => ({
    __typename: "Contact",
    id: encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId: `con_bench_${i}`, sandbox: false }),
  }));
  const entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { id fullName } } }";
  const batchMs = await timeRounds(20, () => post(graphqlUrl, gql(entities, { r: reps })));
  const oneByOneMs = await timeRounds(20, () => Promise.all(reps.map((r) => post(graphqlUrl, gql(entities, { r: [r] })))));
  console.log(`_entities with 100 references: ${fmt(batchMs)} ms; 100 single concurrent _entities calls: ${fmt(oneByOneMs)} ms; ratio ${fmt(batchMs / oneByOneMs, 2)}`);

  await autocannon({ url: graphqlUrl, connections: CONNECTIONS, amount: 10_000, method: "POST", headers: { "content-type": "application/json" }, body: single });
  const after10k = await memoryOf(subgraph);
  await autocannon({ url: graphqlUrl, connections: CONNECTIONS, amount: 90_000, method: "POST", headers: { "content-type": "application/json" }, body: single });
  const after100k = await memoryOf(subgraph);
  const growth = after100k.heapMiB / after10k.heapMiB - 1;
  console.log(`\nmemory after a full GC: heap ${fmt(after10k.heapMiB)} MiB after 10,000 mutations, ${fmt(after100k.heapMiB)} MiB after 100,000: growth ${fmt(growth * 100)}% (target ≤ 10%: ${verdict(growth <= 0.1)}); RSS ${fmt(after10k.rssMiB)} → ${fmt(after100k.rssMiB)} MiB`);
} finally {
  for (const child of children) child.kill("SIGTERM");
}
