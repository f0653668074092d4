import { ProviderError, UpstreamRejection, fromUpstreamStatus } from "../errors.js";

/**
 * The code a failed upstream call ends up as, for logs, spans and metrics: read from the one status
 * table in errors.ts so the three never disagree with the GraphQL answer.
 */
export function upstreamErrorCode(provider: string, method: string, status: number | undefined, error: string | Error | undefined): string | undefined {
  if (error instanceof ProviderError) return error.code;
  // A read-back of a contact the provider no longer has: the client answers null, nothing is misconfigured.
  if (status === 404 && method === "GET") return "NOT_FOUND";
  if (status === undefined) return error ? "PROVIDER_UNAVAILABLE" : undefined;
  if (status >= 200 && status < 300) return error ? "PROVIDER_BAD_RESPONSE" : undefined;
  const mapped = fromUpstreamStatus({ provider, status, info: {} });
  if (mapped instanceof ProviderError) return mapped.code;
  if (mapped instanceof UpstreamRejection) return mapped.userErrors[0]?.code;
  return undefined;
}
