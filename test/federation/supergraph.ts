import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { readFile } from "node:fs/promises";
import { notesSdl } from "./notes-subgraph.js";

export const contactsSdl = () => readFile(new URL("../../schema.graphql", import.meta.url), "utf8");

/** Composes the committed schema.graphql with the notes subgraph, as rover or a CI check would. */
export async function composeWithNotes(urls: { contacts: string; notes: string } = { contacts: "http://contacts", notes: "http://notes" }) {
  return composeServices([
    { name: "contacts", url: urls.contacts, typeDefs: parse(await contactsSdl()) },
    { name: "notes", url: urls.notes, typeDefs: parse(await notesSdl()) },
  ]);
}
