import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import type { Config } from "./config.js";
import { BadUserInputError } from "./errors.js";

type Limits = NonNullable<Config["limits"]>;
const DEFAULT_LIMITS: Limits = { maxDepth: 8, maxCost: 5000, maxCreatesPerOperation: 5, maxAliases: 15, maxTokens: 2000 };

/**
 * Every field of a selection set, through inline and named fragments (each named fragment once per
 * path, so a cycle ends): a limit on a field must see it wherever the operation puts it.
 */
function* fieldsOf(
  set: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
  seen = new Set<string>(),
): Generator<FieldNode> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) yield selection;
    else if (selection.kind === Kind.INLINE_FRAGMENT) yield* fieldsOf(selection.selectionSet, fragment, seen);
    else if (!seen.has(selection.name.value)) {
      const definition = fragment(selection.name.value);
      if (definition) yield* fieldsOf(definition.selectionSet, fragment, new Set([...seen, selection.name.value]));
    }
  }
}

/** The input work of a create, normaliser and rules, runs for its preview too. */
const CREATE_FIELDS = new Set(["createContact", "previewCreateContact"]);

/** Each createContact is an upstream write, and each preview the same input work: one operation may carry only a few. */
export function maxCreatesRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(node) {
      let n = 0;
      for (const field of fieldsOf(node.selectionSet, (name) => context.getFragment(name) ?? undefined))
        if (CREATE_FIELDS.has(field.name.value)) n++;
      if (n > max)
        context.reportError(
          new GraphQLError(`An operation may contain at most ${max} createContact or previewCreateContact fields; this one has ${n}.`, {
            nodes: [node],
          }),
        );
    },
  });
}

/**
 * `_entities` with more representations than `max`, summed over every `_entities` field of the
 * operation (aliases and fragments included), is refused as a whole, before any read: one request
 * must not become thousands of provider calls. Counted from the variables or the literal.
 */
export function maxEntityReferencesPlugin(max: number): ApolloServerPlugin<any> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          // _entities is a Query field: a mutation (every create) has nothing to count.
          if (operation?.operation !== "query") return;
          const fragments = new Map(
            document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
          );
          let count = 0;
          for (const field of fieldsOf(operation.selectionSet, (name) => fragments.get(name))) {
            if (field.name.value !== "_entities") continue;
            const argument = field.arguments?.find((a) => a.name.value === "representations")?.value;
            const value = argument?.kind === Kind.VARIABLE ? request.variables?.[argument.name.value] : undefined;
            count += argument?.kind === Kind.LIST ? argument.values.length : Array.isArray(value) ? value.length : 0;
          }
          if (count > max)
            throw new BadUserInputError(
              `_entities accepts at most ${max} representations per request; this one has ${count}. Split it into several requests.`,
              ["representations"],
              { http: { status: 400 } },
            );
        },
      };
    },
  };
}

/** Depth, cost, aliases, directives and tokens (graphql-armor), plus the createContact count. */
export function limitProtections(config: Config) {
  const limits = config.limits ?? DEFAULT_LIMITS;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    costLimit: { maxCost: limits.maxCost },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: 50 },
    // graphql's own parser counts tokens (parseOptions below): a syntax error, HTTP 400, and no second parse.
    maxTokens: { enabled: false },
    // Suggestions are hidden in formatError (src/server.ts), for every kind and in variable errors too:
    // this one only masks field suggestions in validation errors.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // armor is typed against Apollo's CommonJS typings; the plugin objects are the same at run time.
  return {
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin<any>[]), maxEntityReferencesPlugin(config.guard.maxEntityReferences)],
    validationRules: [...armor.validationRules, maxCreatesRule(limits.maxCreatesPerOperation)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
