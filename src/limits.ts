import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import type { Config } from "./config.js";

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
        if (n > max) context.reportError(new GraphQLError(`An operation may contain at most ${max} createContact fields; this one has ${n}.`, { nodes: [node] }));
      },
    };
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
    plugins: armor.plugins as unknown as ApolloServerPlugin<any>[],
    validationRules: [...armor.validationRules, maxCreatesRule(limits.maxCreatesPerOperation)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
