import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { readFile } from "node:fs/promises";

export const notesSdl = () => readFile(new URL("../fixtures/federation/notes.graphql", import.meta.url), "utf8");

export interface Note {
  id: string;
  text: string;
  /** A Contact id of contacts-subgraph, or null. */
  contactId: string | null;
}

export interface NotesSubgraph {
  url: string;
  notes: Note[];
  stop(): Promise<void>;
}

const author = {
  name: "Grace",
  email: { value: "grace@example.com", verified: true },
  phone: { e164: "+14155550100" },
  address: { formatted: "1 Main St" },
};

/** The second subgraph of the tests, served on a free loopback port; `notes` is its whole store. */
export async function startNotesSubgraph(): Promise<NotesSubgraph> {
  const notes: Note[] = [];
  const resolvers = {
    Query: { notes: () => notes },
    Note: { contact: (n: Note) => (n.contactId ? { id: n.contactId } : null), author: () => author },
    Contact: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      notes: (c: { id: string }) => notes.filter((n) => n.contactId === c.id),
    },
  };
  const schema = buildSubgraphSchema({ typeDefs: parse(await notesSdl()), resolvers });
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, notes, stop: () => server.stop() };
}
