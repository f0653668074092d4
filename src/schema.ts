import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, Field } from "type-graphql";
import { Contact } from "./graphql/contact.js";
import { CreateContactInput } from "./graphql/inputs.js";
import { ContactResolver } from "./graphql/resolver.js";
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
  resolvers.Contact = { ...(resolvers.Contact as object), __resolveReference: resolveContactReference };
  return buildSubgraphSchema({ typeDefs, resolvers });
}
