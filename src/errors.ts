import { GraphQLError } from "graphql";
import { ContactUserErrorCode } from "./graphql/enums.js";
import type { ContactUserError } from "./graphql/payload.js";
import { userError } from "./providers/fields.js";
import { providerIdProblem } from "./providers/ids.js";

/** What a failed create leaves behind at the provider. */
export type CreateOutcome = "UNKNOWN" | "NOT_CREATED";

/** The GraphQL error codes of the contract (§2), besides Apollo's own. */
export type ProviderErrorCode =
  | "PROVIDER_NOT_CONFIGURED"
  | "PROVIDER_AUTH_FAILED"
  | "PROVIDER_RATE_LIMITED"
  | "PROVIDER_UNAVAILABLE"
  | "PROVIDER_BAD_RESPONSE";

export interface ProviderErrorExtensions {
  provider: string;
  upstreamStatus?: number;
  upstreamRequestId?: string;
  retryAfterSeconds?: number;
  /**
   * Set on every error a create raises (the payload's `outcome` says the same): NOT_CREATED when
   * provably nothing reached the provider or it refused the request; UNKNOWN when it may have
   * created the contact and we cannot tell.
   */
  outcome?: CreateOutcome;
}

/** A failure that is not the caller's data: the provider, our credentials or the network. */
export class ProviderError extends GraphQLError {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly details: ProviderErrorExtensions,
  ) {
    // Only defined values: a router keeps extensions as they are, and `undefined` would not survive JSON anyway.
    const extensions = Object.fromEntries(Object.entries({ code, ...details }).filter(([, v]) => v !== undefined));
    super(message, { extensions });
    this.name = "ProviderError";
  }
}

/**
 * A value the caller sent outside `input` that cannot be used (an entity's id): BAD_USER_INPUT, with
 * `field` the path inside the field's arguments (inside the representation, for an entity).
 */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field: string[], details: Record<string, unknown> = {}) {
    super(message, { extensions: { code: "BAD_USER_INPUT", field, ...details } });
    this.name = "BadUserInputError";
  }
}

/** An upstream 400/409/422 (the provider rejected the data), or data that cannot even be sent. Becomes userErrors in the payload. */
export class UpstreamRejection extends Error {
  /** `existingProviderId`: on a duplicate, the provider's id of the record it collides with, when its answer names it. */
  constructor(
    readonly userErrors: ContactUserError[],
    readonly existingProviderId?: string,
  ) {
    super("rejected by provider");
    this.name = "UpstreamRejection";
  }
}

/** What a provider's own error body says, read by that provider's errors.ts. Never the raw body. */
export interface UpstreamErrorInfo {
  requestId?: string;
  /** Field-level problems, already mapped to unified input paths (null when the field is unknown). */
  fields?: { path: (string | number)[] | null; message: string }[];
  /** A short, provider-written summary, safe to show (no body dump). */
  message?: string;
  /** On a duplicate (409): the provider's id of the existing record, when the body names it. */
  existingId?: string;
}

export interface UpstreamFailure {
  provider: string;
  status: number;
  info: UpstreamErrorInfo;
  retryAfterSeconds?: number;
  /** The failed call was a create: every error then says its outcome (outcomeOfStatus). */
  create?: boolean;
  /** Every credential we know (upstreamText): none of them may be repeated. */
  secrets?: readonly string[];
}

// Upstream text is data, not output we trust: a provider may echo our credentials, or another
// contact's email and phone. Everything a provider writes passes through the two functions below
// before it reaches a response, an error extension or a log line.
const MAX_MESSAGE = 300;
const EMAIL = /[^\s@<>()[\]{}"',;:]+@[^\s@<>()[\]{}"',;:]+/g;
// Nine digits or more, with at most two separators between them (+1 (415) 555-0100, 0612345678), not
// inside a longer token (a UUID's last group): a phone number, or near enough to one to be kept out.
const PHONE = /(?<![\w+-])\+?\d(?:[\s().-]{0,2}\d){8,}(?!\w)/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

// What an email's @ and a phone's + look like URL- or HTML-encoded (a query string or a page quoted back).
const ENCODED_AT = /%40|&#0*64;|&#x0*40;|&commat;/gi;
const ENCODED_PLUS = /%2B/gi;

function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(ENCODED_AT, "@").replace(ENCODED_PLUS, "+");
  // Credentials first and whole: truncating or masking first could leave a recognisable piece.
  for (const secret of secrets) if (secret) out = out.split(secret).join("[REDACTED]");
  return out.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

/** A provider's message, fit to show a caller: no credential, email or phone, printable, at most 300 characters. */
export function upstreamText(text: string | undefined, secrets: readonly string[] = []): string | undefined {
  const clean = text === undefined ? undefined : scrub(text.replace(CONTROL, " "), secrets).trim();
  if (!clean) return undefined;
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 3)}...` : clean;
}

// The shape we accept from the router's x-request-id too (telemetry/request-id.ts).
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * A provider's request id (header or body), kept only when it looks like an id: at most 128 letters,
 * digits or `._:-`, and no credential inside. Anything else is dropped, not repaired.
 */
export function upstreamRequestId(value: unknown, secrets: readonly string[] = []): string | undefined {
  if (typeof value !== "string" || !REQUEST_ID.test(value)) return undefined;
  // Digits alone, as long as a phone number, may be the caller's phone echoed back.
  if (/^\d{9,}$/.test(value)) return undefined;
  return secrets.some((secret) => secret && value.includes(secret)) ? undefined : value;
}

const safe = (text: string | undefined, fallback: string, secrets?: readonly string[]) => upstreamText(text, secrets) ?? fallback;

/**
 * The one table from an upstream status to our answer. Every provider's non-2xx response goes
 * through here; providers only parse their own error body into UpstreamErrorInfo.
 */
export function fromUpstreamStatus({ provider, status, info, retryAfterSeconds, create, secrets }: UpstreamFailure): Error {
  const ext = {
    provider,
    upstreamStatus: status,
    upstreamRequestId: upstreamRequestId(info.requestId, secrets),
    outcome: create ? outcomeOfStatus(status) : undefined,
  };
  if (status === 400 || status === 413 || status === 422 || status === 409) {
    const code = status === 409 ? ContactUserErrorCode.DUPLICATE : ContactUserErrorCode.REJECTED_BY_PROVIDER;
    const fallback = status === 409 ? `${provider} already has this contact.` : `${provider} rejected the contact.`;
    const fields = info.fields?.length ? info.fields : [{ path: null, message: info.message ?? fallback }];
    const existingId = status === 409 ? info.existingId?.trim() : undefined;
    // Only an id the contact can be read back by becomes existingContactId.
    const existing = existingId && providerIdProblem(existingId) === undefined ? existingId : undefined;
    return new UpstreamRejection(
      fields.map((f) => userError(f.path && ["input", ...f.path], code, safe(f.message, fallback, secrets))),
      existing,
    );
  }
  if (status === 401 || status === 403)
    return new ProviderError(
      "PROVIDER_AUTH_FAILED",
      `${provider} refused our credentials (HTTP ${status}). The subgraph's configuration needs attention.`,
      ext,
    );
  if (status === 404)
    return new ProviderError(
      "PROVIDER_NOT_CONFIGURED",
      `${provider} did not find the endpoint or connection (HTTP 404). Check the base URL and connection id.`,
      ext,
    );
  if (status === 412)
    return new ProviderError("PROVIDER_NOT_CONFIGURED", `${provider} says the connection is disabled or expired (HTTP 412).`, ext);
  if (status === 501)
    // Nothing was created: the provider does not offer this operation for this connection.
    return new ProviderError("PROVIDER_NOT_CONFIGURED", `${provider} cannot create contacts for this connection (HTTP 501).`, ext);
  if (status === 429)
    return new ProviderError(
      "PROVIDER_RATE_LIMITED",
      `${provider} is rate limiting us${retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds} s` : ""}.`,
      { ...ext, retryAfterSeconds },
    );
  if (status === 408 || status >= 500)
    return new ProviderError("PROVIDER_UNAVAILABLE", `${provider} is unavailable (HTTP ${status}).`, {
      ...ext,
      retryAfterSeconds,
    });
  return new ProviderError("PROVIDER_BAD_RESPONSE", `${provider} answered with an unexpected HTTP ${status}.`, ext);
}

/**
 * What an answer to a create says about the contact: a 4xx other than 408 is the provider refusing
 * the request (auth, rate limit, unknown connection, invalid data), so nothing was created; a 2xx,
 * 3xx (a 303 after a POST means "done, see there"), 408 or 5xx may follow a create.
 */
export const outcomeOfStatus = (status: number): CreateOutcome =>
  status >= 400 && status < 500 && status !== 408 ? "NOT_CREATED" : "UNKNOWN";

/** The same error with its outcome stated (a failure before anything was sent: NOT_CREATED). */
export const withOutcome = (err: ProviderError, outcome: CreateOutcome) =>
  err.details.outcome === outcome ? err : new ProviderError(err.code, err.message, { ...err.details, outcome });

export const notConfigured = (provider: string, hint: string) =>
  new ProviderError("PROVIDER_NOT_CONFIGURED", `${provider} is not configured: ${hint}`, { provider });

export const badResponse = (provider: string, what: string, status?: number, requestId?: string, outcome?: CreateOutcome) =>
  new ProviderError("PROVIDER_BAD_RESPONSE", `${provider} answered in a shape we do not recognise: ${what}.`, {
    provider,
    upstreamStatus: status,
    upstreamRequestId: requestId,
    outcome,
  });

/**
 * A call answered here without reaching the provider (src/guard): its rate budget is spent, its
 * circuit is open, or too many reads wait for it. `outcome`, on a create: NOT_CREATED, unless an
 * earlier attempt of the same call may have reached the provider (then UNKNOWN).
 */
export function refusedCall(
  provider: string,
  reason: "budget" | "circuit" | "bulkhead",
  retryAfterSeconds: number,
  outcome?: CreateOutcome,
): ProviderError {
  if (reason === "circuit")
    return new ProviderError(
      "PROVIDER_UNAVAILABLE",
      `${provider} is failing; it is not called for a cool-down. Nothing was sent; retry after ${retryAfterSeconds} s.`,
      { provider, retryAfterSeconds, outcome },
    );
  const what = reason === "budget" ? "our request budget for it is spent" : "too many reads are waiting for it";
  return new ProviderError("PROVIDER_RATE_LIMITED", `${provider}: ${what}. Nothing was sent; retry after ${retryAfterSeconds} s.`, {
    provider,
    retryAfterSeconds,
    outcome,
  });
}
