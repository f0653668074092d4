import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, Field } from "type-graphql";
import { Contact } from "./graphql/contact.js";
import { CreateContactInput } from "./graphql/inputs.js";
import { ContactResolver } from "./graphql/resolver.js";
import type { CreateContactArgs, PreviewContactArgs } from "./graphql/args.js";
import type { Context } from "./context.js";
import { providerList } from "./providers/index.js";
import { resolveContactReference } from "./graphql/contact.reference.js";

export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])`;

let optionsRegistered = false;
/** Each provider's option input becomes a field of CreateContactInput: one line per provider, in providers/index.ts. */
function registerProviderOptions() {
  if (optionsRegistered) return;
  optionsRegistered = true;
  for (const def of providerList)
    Field(() => def.optionsInput, { nullable: true, description: `Fields only ${def.label} has; ignored, with a warning, by the others.` })(
      CreateContactInput.prototype,
      def.optionsKey,
    );
}

/**
 * type-graphql builds the schema from the classes; the SDL, with its directives, then goes through
 * buildSubgraphSchema so `_service` and `_entities` exist (the pattern of type-graphql's
 * examples/apollo-federation-2).
 */
export async function buildContactsSchema(): Promise<GraphQLSchema> {
  registerProviderOptions();
  const schema = await buildSchema({ resolvers: [ContactResolver], orphanedTypes: [Contact], validate: false, skipCheck: true });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  // The two fields that take a contact's input call the resolver's methods with the arguments as
  // graphql-js coerced them. type-graphql would first copy every argument into instances of the input
  // classes (convertArgsToInstance): nothing here reads an instance (no defaults, methods or class
  // validation), and the copy cost about a tenth of a createContact's CPU (README, Performance).
  const contactResolver = new ContactResolver();
  Object.assign(resolvers.Mutation, {
    createContact: (_: unknown, args: CreateContactArgs, ctx: Context) => contactResolver.createContact(args, ctx),
  });
  Object.assign(resolvers.Query, {
    previewCreateContact: (_: unknown, args: PreviewContactArgs, ctx: Context) => contactResolver.previewCreateContact(args, ctx),
  });
  resolvers.Contact = { ...(resolvers.Contact as object), __resolveReference: resolveContactReference };
  return buildSubgraphSchema({ typeDefs, resolvers });
}
