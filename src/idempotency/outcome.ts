import { type ProviderError, withOutcome } from "../errors.js";
import { CreateContactOutcome, type ContactWarning, type CreateContactPayload } from "../graphql/payload.js";

/**
 * Every ProviderError a create raises is answered as a payload: a thrown error would null the whole
 * non-null payload. The payload says the outcome and the error is raised by `contact`, with
 * `extensions.outcome` saying the same, so a client reads the outcome even behind a router that
 * strips error extensions. An error that does not say is UNKNOWN: NOT_CREATED needs proof.
 */
export function failedCreatePayload(err: ProviderError, warnings: ContactWarning[]): CreateContactPayload {
  const outcome = err.details.outcome ?? "UNKNOWN";
  const error = withOutcome(err, outcome);
  return {
    get contact(): null {
      throw error;
    },
    outcome: CreateContactOutcome[outcome],
    userErrors: [],
    warnings,
  };
}
