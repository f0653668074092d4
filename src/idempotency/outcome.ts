import { ProviderError } from "../errors.js";
import { CreateContactOutcome, type ContactWarning, type CreateContactPayload } from "../graphql/payload.js";

export const isUnknownOutcome = (err: unknown): err is ProviderError => err instanceof ProviderError && err.details.outcome === "UNKNOWN";

/**
 * A thrown error would null the whole non-null payload. Instead the payload says UNKNOWN and the
 * PROVIDER_UNAVAILABLE error is raised by `contact`: a client reads the outcome even behind a
 * router that strips error extensions.
 */
export function unknownOutcomePayload(err: ProviderError, warnings: ContactWarning[]): CreateContactPayload {
  return {
    get contact(): null {
      throw err;
    },
    outcome: CreateContactOutcome.UNKNOWN,
    userErrors: [],
    warnings,
  };
}
