// Where a CPU profile's samples go, by package or source file: the share of all samples spent in a
// group's own code (self) and with the group anywhere on the stack (inclusive, e.g. "logging" counts
// the file write its call makes). Used by `BENCH_PROFILE=1 npm run bench`; also runs on any
// `node --cpu-prof` output: `node dist/bench/profile.js file.cpuprofile`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The package, Node subsystem or source file a frame belongs to. */
export function groupOf({ functionName, url }: ProfileNode["callFrame"]): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(V8 builtins)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal) return `node:${internal[1].replace(/\.js$/, "").replace(/^_/, "")}`;
  const own = /\/dist\/((?:src|bench)\/.*)\.js$/.exec(url);
  return own ? own[1] : url;
}

/** Groups an operator thinks in, for inclusive shares: any of their frames on the stack counts once. */
const CONCERNS: Record<string, (group: string) => boolean> = {
  "logging (pino, its redaction and writes, src/logger)": (g) =>
    ["pino", "sonic-boom", "fast-redact", "@pinojs/redact", "src/logger"].includes(g),
  "telemetry (src/telemetry, OpenTelemetry, prom-client)": (g) =>
    g.startsWith("src/telemetry") || g.startsWith("@opentelemetry/") || g === "prom-client",
  "graphql-js": (g) => g === "graphql",
  "Apollo Server (pipeline, plugins)": (g) => g === "@apollo/server" || g === "@apollo/utils.usagereporting" || g.startsWith("@apollo/"),
  "type-graphql (argument conversion)": (g) => g === "type-graphql" || g === "class-transformer",
  zod: (g) => g === "zod",
  "undici (upstream call)": (g) => g === "undici",
  "libphonenumber-js": (g) => g === "libphonenumber-js",
  "graphql-armor": (g) => g.startsWith("@escape.tech/"),
};

export function summarize(profile: CpuProfile, top = 15, functionsTop = 0): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const concernsOf = new Map<number, Set<string>>();
  const concernsOnStack = (id: number): Set<string> => {
    const known = concernsOf.get(id);
    if (known) return known;
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : concernsOnStack(up));
    const group = groupOf(byId.get(id)!.callFrame);
    for (const [name, matches] of Object.entries(CONCERNS)) if (matches(group)) set.add(name);
    concernsOf.set(id, set);
    return set;
  };

  // A V8 builtin (JSON.stringify, a RegExp, Array.prototype.map) is charged to the code that called it.
  const ownerOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const group = groupOf(byId.get(at)!.callFrame);
      if (group !== "(V8 builtins)") return group;
    }
    return "(V8 builtins)";
  };
  const self = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const group = ownerOf(id);
    self.set(group, (self.get(group) ?? 0) + 1);
    const { functionName, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || "(anonymous)"} (${groupOf(byId.get(id)!.callFrame) === group ? "" : "in "}${group}${lineNumber >= 0 ? `:${lineNumber + 1}` : ""})`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
    if (group !== "(idle)") busy++;
    for (const concern of concernsOnStack(id)) inclusive.set(concern, (inclusive.get(concern) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  const selfOf = (matches: (group: string) => boolean) => [...self].reduce((n, [group, count]) => n + (matches(group) ? count : 0), 0);
  const lines = [`${total} samples, ${pct(total - busy)} idle; builtins are charged to their caller`, "", "| self | group |", "|---:|---|"];
  for (const [group, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`| ${pct(n)} | ${group} |`);
  lines.push("", "| self | inclusive | concern |", "|---:|---:|---|");
  for (const [concern, n] of [...inclusive].sort((a, b) => b[1] - a[1]))
    lines.push(`| ${pct(selfOf(CONCERNS[concern]))} | ${pct(n)} | ${concern} |`);
  if (functionsTop > 0) {
    lines.push("", "| self | function |", "|---:|---|");
    for (const [name, n] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, functionsTop)) lines.push(`| ${pct(n)} | ${name} |`);
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node dist/bench/profile.js <file.cpuprofile>");
    process.exit(2);
  }
  console.log(
    summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, Number(process.argv[3] ?? 25), Number(process.argv[4] ?? 40)),
  );
}
