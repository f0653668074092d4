// `npm run bench`: the subgraph against a bare pass-through proxy, both in front of the same
// zero-latency Stora-speaking upstream, each in its own process, in one run: absolute figures on a
// shared machine are noisy, ratios taken in the same run are not. Prints figures, ratios and
// targets; the targets are printed, not asserted.
//
// The subgraph runs with the production defaults: NODE_ENV=production, logs at info written to a
// file (stdout redirected, as a log shipper would read it), metrics on, tracing as configured by
// default. BENCH_SECONDS (default 10) sets each measured window; BENCH_LOG=/dev/null discards logs;
// BENCH_PROFILE=1 records a CPU profile of the createContact window and prints where it goes;
// BENCH_QUICK=1 stops after the throughput figures; BENCH_COMPARE=<path to another build's
// dist/bench/subgraph.js> runs the same createContact load on that build in the same run.
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContactProvider } from "../src/graphql/enums.js";
import { encodeContactId } from "../src/providers/global-id.js";
import { summarize, type CpuProfile } from "./profile.js";
import { README } from "./readme-figures.js";

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Each server's SECONDS are measured in this many windows, alternating with the other servers'. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_UP_SECONDS = 3;
const children: ChildProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), "contacts-bench-"));
const logFile = process.env.BENCH_LOG ?? join(scratch, "subgraph.log");

function startChild(file: string, args: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  // As the subgraph runs: graphql-js, among others, skips its development checks in production.
  const child = spawn(process.execPath, [file, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (d) => resolve({ child, port: JSON.parse(String(d).split("\n")[0]).port }));
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function waitForHealth(url: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

/** The subgraph with the production defaults, except the limits the 50-alias operation below must pass (validation costs the same either way). */
async function startSubgraph(script: string, upstreamUrl: string, logPath: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--expose-gc", script], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      PORT: String(port),
      STORA_BASE_URL: `${upstreamUrl}/2025-09`,
      STORA_TOKEN: "bench",
      MAX_CREATES_PER_OPERATION: "50",
      MAX_QUERY_ALIASES: "60",
      MAX_QUERY_TOKENS: "10000",
      MAX_QUERY_COST: "100000",
      // An idle budget: asked on every call, never spent (BENCH_STORA_RATE_LIMIT=none measures without one).
      STORA_RATE_LIMIT: process.env.BENCH_STORA_RATE_LIMIT ?? "1000000000/s",
    },
    stdio: ["ignore", openSync(logPath, "a"), "inherit", "ipc"],
  });
  children.push(child);
  watch("subgraph", child);
  await waitForHealth(`http://127.0.0.1:${port}/health`);
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}

/** One question to bench/subgraph.ts over IPC and the answer that carries `key`. */
function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const read = (answer: Record<string, unknown>) => {
      if (!(key in answer)) return;
      child.off("message", read);
      resolve(answer[key] as T);
    };
    child.on("message", read);
    child.send(message);
  });
}

/** Heap and RSS of the subgraph after a full collection. */
async function memoryOf(child: ChildProcess) {
  const { heapUsed, rss } = await ask<{ heapUsed: number; rss: number }>(child, "memory", "memory");
  return { heapMiB: heapUsed / 2 ** 20, rssMiB: rss / 2 ** 20 };
}

const mutation = (alias = "createContact") =>
  `${alias}: createContact(provider: STORA, input: { firstName: "Ada", lastName: "Lovelace", emails: [{ address: "ada@example.com" }], phones: [{ number: "+442079460958" }] }) { contact { id fullName emails { address } } userErrors { code } }`;
const gql = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
const post = (url: string, body: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (r) => {
    const json = (await r.json()) as { data?: unknown; errors?: unknown[] };
    if (!r.ok || json.errors) throw new Error(`bench request failed: ${r.status} ${JSON.stringify(json.errors)}`);
    return json;
  });

const load = (url: string, body: string, seconds: number) =>
  autocannon({ url, connections: CONNECTIONS, duration: seconds, method: "POST", headers: { "content-type": "application/json" }, body });

/** One load on one server, measured in rounds that alternate with the other servers' (interleave). */
interface Target {
  name: string;
  url: string;
  body: string;
  /** CPU time (µs) the server's process has used so far; undefined where it cannot be read. */
  cpuOf?: () => Promise<number | undefined>;
  /** Bytes of log written so far, for the servers that log. */
  logBytes?: () => number;
}
interface Window {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  cpuPerRequest?: number;
  logBytes?: number;
}

/** One measured window; a load that answers errors is reported, not silently measured. */
async function window(target: Target, seconds: number): Promise<Window> {
  const cpuBefore = await target.cpuOf?.();
  const logBefore = target.logBytes?.();
  const result = await load(target.url, target.body, seconds);
  const cpuAfter = await target.cpuOf?.();
  if (result.non2xx || result.errors || result.timeouts)
    console.log(`warning: ${target.name} answered ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  const requests = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    cpuPerRequest: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / requests,
    logBytes: logBefore === undefined ? undefined : target.logBytes!() - logBefore,
  };
}

/**
 * Each target warmed up, then ROUNDS rounds in which every target gets one window in turn. This
 * machine's speed drifts by tens of percent over seconds (other tenants of the host): windows taken
 * minutes apart gave the proxy anywhere between 7k and 18k req/s, so a ratio is taken inside each
 * round, from windows seconds apart, and the median round is reported.
 */
async function interleave(targets: Target[]): Promise<Window[][]> {
  for (const target of targets) await load(target.url, target.body, WARM_UP_SECONDS);
  const windows = targets.map(() => [] as Window[]);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, target] of targets.entries()) windows[i].push(await window(target, SECONDS / ROUNDS));
  return windows;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** The median of a per-round figure, with its range: "0.14 (0.12–0.16)". */
function spread(values: number[], digits = 2) {
  const m = median(values);
  return { value: m, text: `${fmt(m, digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})` };
}
const perRound = (a: Window[], b: Window[], f: (x: Window, y: Window) => number | undefined) =>
  a.map((x, i) => f(x, b[i])).filter((v): v is number => v !== undefined && Number.isFinite(v));

/** CPU time (µs) the subgraph has used, asked over IPC. */
const subgraphCpu = (child: ChildProcess) => () => ask<number>(child, "cpu", "cpu");
/** CPU time (µs) of a helper process, from /proc (Linux; elsewhere none: the tables print "—"). Ticks are 10 ms: fine over a window of seconds. */
const procCpu = (child: ChildProcess) => async () => {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
};

async function timeRounds(rounds: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return (performance.now() - start) / rounds;
}

/** BENCH_QUICK=1 stops after the throughput figures. */
class Quick extends Error {}
const fmt = (n: number, d = 1) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? "met" : "missed");
const compared = (now: number, before: number) => (now <= before ? "at least as good" : "WORSE");
/** A helper process that dies mid-run would leave the bench waiting on answers that never come. */
function watch(name: string, child: ChildProcess) {
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`bench: the ${name} process stopped mid-run (${signal ?? code}); figures would be meaningless.`);
    for (const other of children) other.kill("SIGTERM");
    rmSync(scratch, { recursive: true, force: true });
    process.exit(1);
  });
}
let stopping = false;
const logBytes = () => (logFile === "/dev/null" ? 0 : statSync(logFile).size);

try {
  const upstream = await startChild(here("./upstream.js"));
  watch("upstream", upstream.child);
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const proxy = await startChild(here("./proxy.js"), [upstreamUrl]);
  watch("proxy", proxy.child);
  // The same operation through the least a GraphQL server does for it (bench/reference.ts).
  const startReference = async (mode: "graphql-js" | "apollo") => {
    const { child, port } = await startChild(here("./reference.js"), [upstreamUrl, mode]);
    watch(`${mode} reference`, child);
    return { child, url: `http://127.0.0.1:${port}/` };
  };
  const graphqlJsReference = await startReference("graphql-js");
  const apolloReference = await startReference("apollo");
  const { child: subgraph, url: graphqlUrl } = await startSubgraph(here("./subgraph.js"), upstreamUrl, logFile);
  const proxyUrl = `http://127.0.0.1:${proxy.port}/`;
  const storaBody = JSON.stringify({ email: "ada@example.com", full_name: "Ada Lovelace", phone_number: "+442079460958" });
  const single = gql(`mutation { ${mutation()} }`);
  const created = (await post(graphqlUrl, single)) as { data: { createContact: { contact: unknown } } };
  if (!created.data.createContact.contact) throw new Error(`the bench mutation created nothing: ${JSON.stringify(created)}`);

  console.log(
    `contacts-subgraph benchmark: ${CONNECTIONS} connections, ${SECONDS} s per server in ${ROUNDS} interleaved windows after a ${WARM_UP_SECONDS} s warm-up, Node ${process.version}`,
  );
  console.log(`subgraph: NODE_ENV=production, LOG_LEVEL=info, logs to ${logFile}, metrics on, tracing default (OTEL_TRACES off)`);
  console.log("figures: the median window (ratios: the median round, with the range over rounds)\n");

  // BENCH_COMPARE=<another build's dist/bench/subgraph.js>: the same load on that build, interleaved (for before/after figures).
  const compare = process.env.BENCH_COMPARE
    ? await startSubgraph(process.env.BENCH_COMPARE, upstreamUrl, "/dev/null" === logFile ? logFile : join(scratch, "compare.log"))
    : undefined;
  const targets: Target[] = [
    { name: "pass-through proxy", url: proxyUrl, body: storaBody, cpuOf: procCpu(proxy.child) },
    {
      name: "reference: graphql-js + libphonenumber + one call, nothing else",
      url: graphqlJsReference.url,
      body: single,
      cpuOf: procCpu(graphqlJsReference.child),
    },
    { name: "reference: the same through Apollo Server", url: apolloReference.url, body: single, cpuOf: procCpu(apolloReference.child) },
    { name: "subgraph `createContact`", url: graphqlUrl, body: single, cpuOf: subgraphCpu(subgraph), logBytes },
    ...(compare ? [{ name: "BENCH_COMPARE `createContact`", url: compare.url, body: single, cpuOf: subgraphCpu(compare.child) }] : []),
    // The floor of any graphql-js server here: an operation that calls nothing.
    { name: "subgraph `{ __typename }` (no upstream call)", url: graphqlUrl, body: gql("{ __typename }"), cpuOf: subgraphCpu(subgraph) },
  ];
  const windows = await interleave(targets);
  const [bare, , leanApollo, ours] = windows;
  const other = compare ? windows[4] : undefined;
  const floor = windows[windows.length - 1];

  // Throughput and CPU per request, each beside the proxy's: a server that is busy on one core serves 1 / its CPU per request.
  const cpuText = (w: Window[]) => {
    const values = w.map((x) => x.cpuPerRequest).filter((v): v is number => v !== undefined);
    return values.length ? fmt(median(values), 0) : "—";
  };
  console.log("| | req/s | p50 ms | p99 ms | CPU µs per request | req/s / proxy | proxy CPU / CPU |\n|---|---|---|---|---|---|---|");
  for (const [i, target] of targets.entries()) {
    const w = windows[i];
    const cpuRatio = perRound(bare, w, (x, y) => (x.cpuPerRequest && y.cpuPerRequest ? x.cpuPerRequest / y.cpuPerRequest : undefined));
    console.log(
      `| ${target.name} | ${fmt(median(w.map((x) => x.rps)), 0)} | ${median(w.map((x) => x.p50))} | ${median(w.map((x) => x.p99))} | ${cpuText(w)} | ${
        spread(perRound(bare, w, (x, y) => y.rps / x.rps)).text
      } | ${cpuRatio.length ? spread(cpuRatio).text : "—"} |`,
    );
  }

  const throughput = spread(perRound(bare, ours, (x, y) => y.rps / x.rps));
  const p99 = spread(perRound(bare, ours, (x, y) => y.p99 / x.p99));
  console.log("\n| ratio | figure | target | |\n|---|---|---|---|");
  console.log(
    `| throughput createContact / proxy | ${throughput.text} | ≥ 0.40 (stretch 0.50) | ${verdict(throughput.value >= 0.4)}${throughput.value >= 0.5 ? ", stretch met" : ""} |`,
  );
  console.log(`| p99 latency createContact / proxy | ${p99.text} | ≤ 3.00 | ${verdict(p99.value <= 3)} |`);
  if (other)
    console.log(
      `| throughput this build / BENCH_COMPARE, createContact | ${spread(perRound(other, ours, (x, y) => y.rps / x.rps)).text} | — | CPU per request: ${cpuText(ours)} vs ${cpuText(other)} µs |`,
    );
  console.log(
    `| throughput createContact / \`{ __typename }\` floor | ${spread(perRound(floor, ours, (x, y) => y.rps / x.rps)).text} | — | |`,
  );
  console.log(`| throughput \`{ __typename }\` floor / proxy | ${spread(perRound(bare, floor, (x, y) => y.rps / x.rps)).text} | — | |`);
  console.log(
    `| throughput Apollo Server reference / proxy | ${spread(perRound(bare, leanApollo, (x, y) => y.rps / x.rps)).text} | — | the same operation with nothing but Apollo Server, libphonenumber and the call |`,
  );
  const budget = perRound(bare, ours, (x) => (x.cpuPerRequest ? x.cpuPerRequest / 0.4 : undefined));
  if (budget.length)
    console.log(
      `| CPU per createContact for 0.40 (the proxy's CPU / 0.40) | ≤ ${fmt(median(budget), 0)} µs | — | used ${cpuText(ours)} µs; the Apollo Server reference ${cpuText(leanApollo)} µs |`,
    );
  const logged = ours.reduce((sum, w) => sum + (w.logBytes ?? 0), 0) / ours.reduce((sum, w) => sum + w.requests, 0);
  console.log(`\nlog written per createContact: ${logFile === "/dev/null" ? "(discarded)" : `${fmt(logged, 0)} bytes`}`);

  // BENCH_PROFILE=1: one more createContact window, profiled, so no other load is in the profile.
  let profile: CpuProfile | undefined;
  if (process.env.BENCH_PROFILE) {
    await ask(subgraph, "profile-start", "profiling");
    await load(graphqlUrl, single, SECONDS);
    profile = await ask<CpuProfile>(subgraph, "profile-stop", "profile");
  }
  if (profile) {
    const dir = process.env.BENCH_PROFILE_DIR ?? process.cwd();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `bench-createContact-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`\nCPU profile of the subgraph during the createContact window (${file}):\n${summarize(profile)}`);
  }

  if (process.env.BENCH_QUICK) throw new Quick();
  const aliased = gql(`mutation { ${Array.from({ length: 50 }, (_, i) => mutation(`c${i}`)).join("\n")} }`);
  const aliasedMs = await timeRounds(20, () => post(graphqlUrl, aliased));
  const singlesMs = await timeRounds(20, () => Promise.all(Array.from({ length: 50 }, () => post(graphqlUrl, single))));
  const aliasedRatio = aliasedMs / singlesMs;

  const reps = Array.from({ length: 100 }, (_, i) => ({
    __typename: "Contact",
    id: encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId: `con_bench_${i}`, sandbox: false }),
  }));
  const entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { id fullName } } }";
  const batchMs = await timeRounds(20, () => post(graphqlUrl, gql(entities, { r: reps })));
  const oneByOneMs = await timeRounds(20, () => Promise.all(reps.map((r) => post(graphqlUrl, gql(entities, { r: [r] })))));
  const entitiesRatio = batchMs / oneByOneMs;

  const many = (amount: number) =>
    autocannon({
      url: graphqlUrl,
      connections: CONNECTIONS,
      amount,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: single,
    });
  await many(10_000);
  const after10k = await memoryOf(subgraph);
  await many(90_000);
  const after100k = await memoryOf(subgraph);
  const growth = after100k.heapMiB / after10k.heapMiB - 1;

  console.log(`\n| no regression (README: ${README.date}) | now | README | |\n|---|---|---|---|`);
  console.log(
    `| 50 aliased creates in one operation vs 50 single concurrent requests | ${fmt(aliasedMs)} ms vs ${fmt(singlesMs)} ms (${fmt(aliasedRatio, 2)}) | ${README.aliased} (${fmt(README.aliasedRatio, 2)}) | ${compared(aliasedRatio, README.aliasedRatio)} |`,
  );
  console.log(
    `| \`_entities\` with 100 references vs 100 single \`_entities\` calls | ${fmt(batchMs)} ms vs ${fmt(oneByOneMs)} ms (${fmt(entitiesRatio, 2)}) | ${README.entities} (${fmt(README.entitiesRatio, 2)}) | ${compared(entitiesRatio, README.entitiesRatio)} |`,
  );
  console.log(
    `| heap after a full GC, 10,000 → 100,000 mutations | ${fmt(after10k.heapMiB)} → ${fmt(after100k.heapMiB)} MiB (${growth >= 0 ? "+" : ""}${fmt(growth * 100)}%) | ${README.heap} | ${compared(after100k.heapMiB, README.heapAfter100kMiB)}; growth ≤ 10%: ${verdict(growth <= 0.1)} |`,
  );
  console.log(`\nRSS ${fmt(after10k.rssMiB)} → ${fmt(after100k.rssMiB)} MiB (moves ±10% between runs without any growth of the heap)`);
} catch (err) {
  if (!(err instanceof Quick)) throw err;
} finally {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  rmSync(scratch, { recursive: true, force: true });
}
