import type { ApolloServerPlugin } from "@apollo/server";
import {
  coerceInputValue,
  isInputType,
  Kind,
  typeFromAST,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from "graphql";

// Problems with `input`'s values are user errors in the payload. What is left as BAD_USER_INPUT (a
// variable that does not fit the schema, a malformed entity reference) carries `extensions.field`,
// the path as an array of strings like a user error's, so that no client parses a message.

/** Each problem coerceInputValue finds in one variable's value, in its order, as a path from the variable's name. */
function coercionPaths(schema: GraphQLSchema, definition: VariableDefinitionNode, value: unknown): string[][] {
  const name = definition.variable.name.value;
  const type = typeFromAST(schema, definition.type);
  // Missing, or null where the type is non-null: graphql-js reports the variable once.
  if (value === undefined || value === null || !type || !isInputType(type)) return [[name]];
  const paths: string[][] = [];
  coerceInputValue(value, type, (path) => paths.push([name, ...path.map(String)]));
  return paths;
}

/** graphql-js's own words (getVariableValues, maxErrors 50). */
const TOO_MANY = "Too many errors processing variables";

/**
 * graphql-js rejects variables before any resolver runs, with the path only in the message
 * (`... at "input.emails[0].address"; ...`). It reports, per variable definition, each problem
 * coerceInputValue finds, in order: coercing the same value again gives the same problems in the
 * same order, with their paths as data. The path starts at the variable's name.
 */
export function variablePathsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, schema, request }) {
          const pending = new Map<VariableDefinitionNode, string[][]>();
          let name: string | undefined;
          for (const error of errors) {
            // After 50 problems graphql-js stops with an error that has no code and no node, which would
            // be answered INTERNAL_SERVER_ERROR: it is about the variable being read, the last one named.
            if (name && !error.extensions.code && error.message.startsWith(TOO_MANY)) {
              Object.assign(error.extensions, { code: "BAD_USER_INPUT", field: [name] });
              continue;
            }
            const definition = error.nodes?.[0];
            if (error.extensions.code !== "BAD_USER_INPUT" || definition?.kind !== Kind.VARIABLE_DEFINITION) continue;
            name = definition.variable.name.value;
            if (!pending.has(definition)) pending.set(definition, coercionPaths(schema, definition, request.variables?.[name]));
            // Each of these errors is a new object with its own extensions (Apollo's UserInputError).
            error.extensions.field = pending.get(definition)!.shift() ?? [name];
          }
        },
      };
    },
  };
}

/**
 * An entity's error names its field inside its representation (`["id"]`); which representation is
 * known only from the error's path, `["_entities", i]`, so the path is completed here.
 */
export function withRepresentationPath(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const [root, index] = formatted.path ?? [];
  const field = formatted.extensions?.field;
  if (root !== "_entities" || typeof index !== "number" || !Array.isArray(field)) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, field: ["representations", String(index), ...field] } };
}
