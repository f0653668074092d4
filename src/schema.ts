import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { isUnionType, parse, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { BadUserInputError } from "./errors.js";
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
  return guardEntityRepresentations(buildSubgraphSchema({ typeDefs, resolvers }));
}

/**
 * A representation is the caller's JSON (`_Any`). Apollo's entity resolver throws on one that is not
 * an object naming an entity type, after it has started resolving the references before it: their
 * rejections then go unhandled and end the process. Such a representation is refused here, as an
 * error at its own index, and only the others reach Apollo's resolver.
 */
function guardEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const union = schema.getType("_Entity");
  const entityTypes = new Set(isUnionType(union) ? union.getTypes().map((type) => type.name) : []);
  const names = [...entityTypes].join(" or ");
  const field = schema.getQueryType()?.getFields()._entities;
  type Resolver = GraphQLFieldResolver<unknown, unknown, { representations: unknown[] }>;
  const resolve = field?.resolve as Resolver | undefined;
  if (!field || !resolve) return schema;
  const guarded: Resolver = (source, args, context, info) => {
    const refused = args.representations.map((ref) =>
      typeof ref === "object" && ref !== null && entityTypes.has((ref as { __typename?: unknown }).__typename as string)
        ? undefined
        : new BadUserInputError(`A representation must be an object whose __typename is ${names}.`, ["__typename"]),
    );
    if (!refused.some(Boolean)) return resolve(source, args, context, info);
    const representations = args.representations.filter((_, i) => !refused[i]);
    const resolved = resolve(source, { ...args, representations }, context, info) as unknown[];
    let next = 0;
    return refused.map((error) => error ?? resolved[next++]);
  };
  field.resolve = guarded;
  return schema;
}
