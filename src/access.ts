import { timingSafeEqual, createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Config } from "./config.js";
import { ContactUserErrorCode, type ContactProvider } from "./graphql/enums.js";
import type { ContactUserError } from "./graphql/payload.js";
import { userError } from "./providers/fields.js";

/** The header Apollo's subgraph template checks; the router sets it with `headers: insert`. */
export const ROUTER_SECRET_HEADER = "router-authorization";

// Hashing first gives equal lengths, so the comparison time says nothing about the secret.
const digest = (text: string) => createHash("sha256").update(text).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * With ROUTER_SECRET set, only the router may call /graphql: anything else gets a 401 before
 * GraphQL runs, as in Apollo's subgraph template. /health stays open for the orchestrator.
 */
export function routerSecretCheck(config: Config) {
  const secret = config.routerSecret;
  return (headers: IncomingHttpHeaders): boolean => {
    if (!secret) return true;
    const given = headers[ROUTER_SECRET_HEADER];
    return typeof given === "string" && same(given, secret);
  };
}

/** A connection id outside `<PREFIX>_ALLOWED_CONNECTIONS` is the caller's mistake: a user error, checked before any call. */
export function connectionNotAllowed(
  config: Config,
  provider: ContactProvider,
  connectionId: string | undefined,
): ContactUserError | undefined {
  const allowed = config.allowedConnections?.[provider];
  if (!allowed || connectionId === undefined || allowed.includes(connectionId)) return undefined;
  return userError(
    ["connectionId"],
    ContactUserErrorCode.INVALID,
    "This connection id is not allowed for this provider by the subgraph's configuration.",
  );
}
