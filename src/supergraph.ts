// `npm run supergraph`: composes this subgraph (its SDL from the code) with the subgraph SDL files
// given on the command line, with @apollo/composition, into supergraph.graphql: a supergraph for
// Apollo Router or Hive Gateway without rover. Any composition error or hint fails it, in one line.
//
//   npm run supergraph -- [--contacts-url URL] [--out FILE] [--exclude-tag TAG ...] [FILE[=ROUTING_URL] ...]
//
// A file's subgraph name is its base name (notes.graphql → notes). `--exclude-tag internal` writes a
// contract variant: what carries @tag(name: "internal") is left out of every subgraph before composing.
import "reflect-metadata";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse, type DocumentNode } from "graphql";
import { readFile, writeFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { excludeTagged } from "./contract.js";
import { buildContactsSchema } from "./schema.js";

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function fail(reason: string): never {
  console.error(`supergraph: ${oneLine(reason)}`);
  process.exit(1);
}

async function readSubgraph(argument: string) {
  const separator = argument.indexOf("=");
  const file = separator === -1 ? argument : argument.slice(0, separator);
  const name = basename(file, extname(file));
  const url = separator === -1 ? `http://${name}:4000/graphql` : argument.slice(separator + 1);
  let typeDefs: DocumentNode;
  try {
    typeDefs = parse(await readFile(file, "utf8"));
  } catch (err) {
    fail(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { name, url, typeDefs };
}

let options: { values: { "contacts-url"?: string; out?: string; "exclude-tag"?: string[] }; positionals: string[] };
try {
  options = parseArgs({
    options: { "contacts-url": { type: "string" }, out: { type: "string" }, "exclude-tag": { type: "string", multiple: true } },
    allowPositionals: true,
  });
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const out = options.values.out ?? "supergraph.graphql";
const contacts = {
  name: "contacts",
  url: options.values["contacts-url"] ?? "http://localhost:4001/graphql",
  typeDefs: parse(printSubgraphSchema(await buildContactsSchema())),
};
const others = await Promise.all(options.positionals.map(readSubgraph));
const names = [contacts, ...others].map((subgraph) => subgraph.name);
const repeated = names.find((name, i) => names.indexOf(name) !== i);
if (repeated) fail(`two subgraphs are named "${repeated}": rename one of the files.`);

const excluded = options.values["exclude-tag"] ?? [];
const subgraphs = [contacts, ...others].map((subgraph) =>
  excluded.length ? { ...subgraph, typeDefs: excludeTagged(subgraph.typeDefs, excluded) } : subgraph,
);
const result = composeServices(subgraphs);
// A hint fails too: each one names a difference between subgraphs that a client will notice.
const reasons = result.errors
  ? result.errors.map((error) => `${error.extensions.code ?? "ERROR"}: ${error.message}`)
  : (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`);
if (reasons.length > 0 || !result.supergraphSdl) fail(`composition failed: ${reasons.join("; ")}`);
await writeFile(out, result.supergraphSdl);
console.log(`wrote ${out}: ${names.join(", ")}`);
