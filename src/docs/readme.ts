// `npm run docs`: rewrites the README sections generated from the provider definitions (src/docs/sections.ts).
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { providerList } from "../providers/index.js";
import { regenerateReadme } from "./sections.js";

await writeFile("README.md", regenerateReadme(await readFile("README.md", "utf8"), providerList));
console.log("README.md provider sections updated");
