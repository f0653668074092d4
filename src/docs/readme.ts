// `npm run docs`: rewrites the field-support table in README.md from the providers' field rules.
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { providerList } from "../providers/index.js";
import { FIELD_TABLE_END, FIELD_TABLE_START, renderFieldTable } from "./field-table.js";

const readme = await readFile("README.md", "utf8");
const start = readme.indexOf(FIELD_TABLE_START);
const end = readme.indexOf(FIELD_TABLE_END);
if (start < 0 || end < 0) throw new Error("README.md has no field-table markers");
await writeFile("README.md", readme.slice(0, start) + renderFieldTable(providerList) + readme.slice(end + FIELD_TABLE_END.length));
console.log("README.md field table updated");
