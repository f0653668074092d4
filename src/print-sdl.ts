// Writes schema.graphql (the subgraph SDL, what composition reads) and schema.api.graphql (the
// full API schema with _entities and _service, what codegen reads). Run by `npm run schema`.
import "reflect-metadata";
import { printSubgraphSchema } from "@apollo/subgraph";
import { printSchema } from "graphql";
import { writeFile } from "node:fs/promises";
import { buildContactsSchema } from "./schema.js";

// `--api-only` (used by `npm test`) leaves the committed schema.graphql alone, so the drift test
// can tell when the code and the committed SDL disagree.
const schema = await buildContactsSchema();
await writeFile("schema.api.graphql", printSchema(schema));
if (!process.argv.includes("--api-only")) await writeFile("schema.graphql", printSubgraphSchema(schema));
console.log(process.argv.includes("--api-only") ? "wrote schema.api.graphql" : "wrote schema.graphql and schema.api.graphql");
