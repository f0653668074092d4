import { ProviderError, UpstreamRejection } from "../errors.js";

/**
 * The code a failed upstream call ends up as, for logs, spans and metrics: the code of the very
 * error the transport answers with, so the three never disagree with the GraphQL answer.
 */
export function errorCodeOf(error: Error | undefined): string | undefined {
  if (error instanceof ProviderError) return error.code;
  if (error instanceof UpstreamRejection) return error.userErrors[0]?.code;
  return error ? "INTERNAL_SERVER_ERROR" : undefined;
}
