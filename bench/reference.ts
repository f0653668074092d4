// Two reference points between the bare proxy and the subgraph: the same createContact operation
// served by the least a GraphQL server can do for it here, so each run shows where the cost sits.
//
//   node reference.js <upstream> graphql-js   node:http + graphql-js with the parsed and validated
//                                              document cached, libphonenumber, one pooled call
//   node reference.js <upstream> apollo       the same schema and resolver through Apollo Server 5,
//                                              served as src/http/graphql-handler.ts serves ours
//
// Nothing else: no federation, type-graphql, normalisation, idempotency, budget, telemetry or logs.
// It answers the bench's operation and nothing more; it is not a design to copy.
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { buildSchema, execute, parse, validate, type DocumentNode } from "graphql";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";

const upstream = new Pool(process.argv[2], { connections: 128 });
const mode = process.argv[3];

const typeDefs = `
  enum ContactProvider { STORA }
  input EmailInput { address: String! }
  input PhoneInput { number: String! countryCode: String }
  input CreateContactInput { firstName: String lastName: String emails: [EmailInput!] phones: [PhoneInput!] }
  type Email { address: String! }
  type Contact { id: ID! fullName: String emails: [Email!]! }
  type UserError { code: String! }
  type Payload { contact: Contact userErrors: [UserError!]! }
  type Query { ok: Boolean }
  type Mutation { createContact(provider: ContactProvider!, input: CreateContactInput!): Payload }
`;

interface Input {
  firstName?: string;
  lastName?: string;
  emails?: { address: string }[];
  phones?: { number: string }[];
}

async function createContact({ input }: { input: Input }) {
  const phone = input.phones?.[0] && parsePhoneNumberFromString(input.phones[0].number);
  if (phone && !phone.isValid()) return { contact: null, userErrors: [{ code: "INVALID" }] };
  const answer = await upstream.request({
    method: "POST",
    path: "/2025-09/contacts",
    headers: { "content-type": "application/json", authorization: "Bearer bench" },
    body: JSON.stringify({
      email: input.emails?.[0]?.address,
      full_name: `${input.firstName} ${input.lastName}`,
      phone_number: phone?.number,
    }),
  });
  const { contact } = (await answer.body.json()) as { contact: { id: string; full_name: string; email: string } };
  return { contact: { id: contact.id, fullName: contact.full_name, emails: [{ address: contact.email }] }, userErrors: [] };
}

async function readJson(req: http.IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString()) as { query: string; variables?: Record<string, unknown> };
}

async function graphqlJsHandler(): Promise<http.RequestListener> {
  const schema = buildSchema(typeDefs);
  const documents = new Map<string, DocumentNode>();
  const rootValue = { createContact };
  return async (req, res) => {
    const { query, variables } = await readJson(req);
    let document = documents.get(query);
    if (!document) {
      document = parse(query);
      if (validate(schema, document).length) throw new Error("the reference answers the bench's operations only");
      documents.set(query, document);
    }
    const result = await execute({ schema, document, rootValue, variableValues: variables });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(result));
  };
}

async function apolloHandler(): Promise<http.RequestListener> {
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: { Mutation: { createContact: (_: unknown, args: { input: Input }) => createContact(args) } },
    // As the subgraph runs it: no landing page, no cache-control policy per response.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  return async (req, res) => {
    const body = await readJson(req);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "POST", headers, search: "", body },
      context: async () => ({}),
    });
    for (const [name, value] of result.headers) res.setHeader(name, value);
    res.statusCode = result.status ?? 200;
    res.end(result.body.kind === "complete" ? result.body.string : "");
  };
}

const handler = mode === "apollo" ? await apolloHandler() : await graphqlJsHandler();
const server = http.createServer(handler);
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
