import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import type { Config } from "./config.js";
import { BadUserInputError } from "./errors.js";

type Limits = NonNullable<Config["limits"]>;
const DEFAULT_LIMITS: Limits = { maxDepth: 8, maxCost: 5000, maxCreatesPerOperation: 5, maxAliases: 15, maxTokens: 2000 };

/** Each createContact is an upstream write: one operation may carry only a few of them. */
export function maxCreatesRule(max: number): ValidationRule {
  return (context: ValidationContext) => {
    const count = (set: SelectionSetNode, seen: Set<string>): number =>
      set.selections.reduce((n, s) => {
        if (s.kind === Kind.FIELD) return n + (s.name.value === "createContact" ? 1 : 0);
        if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet, seen);
        const fragment = seen.has(s.name.value) ? undefined : context.getFragment(s.name.value);
        return fragment ? n + count(fragment.selectionSet, new Set([...seen, s.name.value])) : n;
      }, 0);
    return {
      OperationDefinition(node) {
        const n = node.operation === "mutation" ? count(node.selectionSet, new Set()) : 0;
        if (n > max)
          context.reportError(
            new GraphQLError(`An operation may contain at most ${max} createContact fields; this one has ${n}.`, { nodes: [node] }),
          );
      },
    };
  };
}

/**
 * `_entities` with more representations than `max` is refused as a whole, before any read: one
 * request must not become thousands of provider calls. Counted from the variables or the literal.
 */
export function maxEntityReferencesPlugin(max: number): ApolloServerPlugin<any> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          for (const selection of operation?.selectionSet.selections ?? []) {
            if (selection.kind !== Kind.FIELD || selection.name.value !== "_entities") continue;
            const argument = selection.arguments?.find((a) => a.name.value === "representations")?.value;
            const value = argument?.kind === Kind.VARIABLE ? request.variables?.[argument.name.value] : undefined;
            const count = argument?.kind === Kind.LIST ? argument.values.length : Array.isArray(value) ? value.length : 0;
            if (count > max)
              throw new BadUserInputError(
                `_entities accepts at most ${max} representations per request; this one has ${count}. Split it into several requests.`,
                ["representations"],
                { http: { status: 400 } },
              );
          }
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
