import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { NextFunction, Request, Response } from "express";
import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import type { Config } from "./config.js";

export const MAX_BODY = "256kb";
type Limits = NonNullable<Config["limits"]>;
const DEFAULT_LIMITS: Limits = { maxDepth: 8, maxCost: 5000, maxCreatesPerOperation: 5 };

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
    maxAliases: { n: 15 },
    maxDirectives: { n: 50 },
    maxTokens: { n: 2000 },
    // Suggestions help a developer; in production they map the schema for a stranger.
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
  // armor is typed against Apollo's CommonJS typings; the plugin objects are the same at run time.
  return { plugins: armor.plugins as unknown as ApolloServerPlugin<any>[], validationRules: [...armor.validationRules, maxCreatesRule(limits.maxCreatesPerOperation)] };
}

/**
 * express.json's own errors (body too large, not JSON) would answer an HTML page, with a stack
 * outside production. Callers get a GraphQL-shaped error instead.
 */
export function bodyErrors(err: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) {
  if (err?.type === "entity.too.large")
    return void res.status(413).json({ errors: [{ message: `The request body is larger than ${MAX_BODY}.`, extensions: { code: "BAD_REQUEST", limit: MAX_BODY } }] });
  if (err?.status && err.status >= 400 && err.status < 500)
    return void res.status(err.status).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
  next(err);
}
