import type { ClassType } from "type-graphql";
import type { ContactRecord } from "../graphql/contact.js";
import type { ContactProvider } from "../graphql/enums.js";
import type { CreateContactInput } from "../graphql/inputs.js";
import type { UpstreamErrorInfo } from "../errors.js";
import type { FieldRules, Issues } from "./fields.js";
import type { CallObserver, Upstream, UpstreamRequest } from "./http.js";
import type { SimHandler } from "../sandbox/http.js";

export interface Simulator {
  handler: SimHandler;
  /** Path prefix of the API (a version, say "/2025-09"), so the base URL looks like the real one. */
  basePath?: string;
  /** The credentials the simulator accepts (and the sandbox configures). */
  credentials: Record<string, string>;
  defaultConnectionId?: string;
}

/** Response headers the shared transport reads, lower case, the first one present wins. */
export interface ResponseHeaderNames {
  /** The provider's id of the request, for logs, spans and `upstreamRequestId`. */
  requestId: readonly string[];
  /** When a rate limit resets: seconds from now, or an epoch timestamp (told apart by size). Retry-After is always read. */
  rateLimitReset: readonly string[];
}

/** Which environment variables configure a provider: `${prefix}_BASE_URL`, `${prefix}_<credential>`, ... */
export interface ProviderEnv {
  prefix: string;
  defaultBaseUrl: string;
  /** Suffixes of the secrets that must all be set for the provider to be configured, e.g. ["TOKEN"]. */
  credentials: readonly string[];
  /** Suffix of the variable holding the default connection id, e.g. "ACCOUNT_ID". */
  connection?: string;
}

/** At most `requests` calls in each `seconds`-long window, windows aligned to the clock (as an epoch RateLimit-Reset says). */
export interface RateWindow {
  requests: number;
  seconds: number;
}

/** What a provider documents about how hard it may be called; overridable per provider (config.ts). */
export interface ProviderLimits {
  /** The documented budgets, every one of which must have room before a call goes out. Empty: none documented. */
  rate: readonly RateWindow[];
  /** What the provider counts calls against: its API key (every connection of the key shares it) or each connection. */
  scope: "credentials" | "connection";
  /** Reads in flight per provider in one process, across all requests (a bulkhead). */
  readConcurrency: number;
  /** Budgets that depend on the account's plan (DEV or PROD, say), chosen by `${prefix}_${variable}`. */
  plans?: { variable: string; default: string; rate: Record<string, readonly RateWindow[]> };
}

export interface ProviderConfig {
  baseUrl: URL;
  credentials: Record<string, string>;
  defaultConnectionId?: string;
  timeoutMs: number;
  /** Served by a built-in simulator: ids say so and nothing real is touched. */
  sandbox: boolean;
}

/** One create, after validation: phones are E.164 and the connection is resolved. */
export interface CreateCall<Options = unknown> {
  input: CreateContactInput;
  /** The provider's own option input (`input[optionsKey]`). */
  options: Options | undefined;
  connectionId?: string;
  /** Sent as Idempotency-Key where the provider honours one. */
  idempotencyKey: string;
}

export interface ContactClient {
  /** The request a create would send, before credentials are added (the preview shows it). */
  createRequest(call: CreateCall): UpstreamRequest;
  create(call: CreateCall): Promise<ContactRecord>;
  /** Read back by the provider's id; null when the provider says it does not exist. */
  read(providerId: string, connectionId?: string): Promise<ContactRecord | null>;
}

/** What the README says about a provider: `npm run docs` renders it into the provider, configuration and read-back tables. */
export interface ProviderDocs {
  /** What the provider is ("self-storage operations"). */
  summary: string;
  /** The API and version this subgraph speaks ("Public API `2025-09`"). */
  api: string;
  /** What the provider's variables mean beyond their names: auth scheme, where the connection id goes. Markdown. */
  configuration: string;
  /** The read-back behind `_entities` ("`GET contacts/{id}`"), and why it is inferred when the provider does not document it. */
  readBack: { request: string; inferred?: string };
  /** Its options in GraphiQL's example (`input[optionsKey]`), when the provider comes first in the registry. */
  exampleOptions?: Record<string, unknown>;
}

/**
 * Everything the rest of the subgraph knows about a provider. One folder implements it; one line
 * in providers/index.ts registers it.
 */
export interface ProviderDefinition<Options = unknown> {
  id: ContactProvider;
  /** Display name used in messages and docs. */
  label: string;
  docs: ProviderDocs;
  /** The provider's field in CreateContactInput (its lower-case name) and its GraphQL input type. */
  optionsKey: string;
  optionsInput: ClassType;
  env: ProviderEnv;
  /** Whether the provider is scoped by a connection id (an account header, a credential query parameter, ...). */
  connection: "none" | "optional" | "required";
  fields: FieldRules;
  /** Rate budgets and read concurrency (src/guard): the provider's own documented limits. */
  limits: ProviderLimits;
  /**
   * Rules the field table cannot express (enums, formats, joined lengths). Runs before any call, and
   * even when the shared normaliser found problems (one answer lists them all): a value it called
   * INVALID is still there as the caller wrote it, trimmed, so read values as plain strings.
   */
  check?(input: CreateContactInput, options: Options | undefined): Partial<Issues>;
  /** Credentials as headers, added at send time only. Preview shows `headerNames` as [REDACTED]. */
  auth: {
    headerNames: readonly string[];
    /** `observer`: where a call made to get credentials (a token exchange) logs and traces. */
    headers(config: ProviderConfig, observer: CallObserver): Record<string, string> | Promise<Record<string, string>>;
    /** Secrets derived from the credentials (an encoded header value, an exchanged token): scrubbed from upstream text like them. */
    secrets?(config: ProviderConfig): readonly string[];
  };
  /** Reads the provider's own error body; never returns the raw body. */
  parseError(body: unknown): UpstreamErrorInfo;
  /** Reads the provider's request id from a successful body, when it sends it there rather than in a header. */
  requestIdOf?(body: unknown): string | undefined;
  /** The response headers this provider names its own way; the transport's defaults apply otherwise. */
  responseHeaders?: Partial<ResponseHeaderNames>;
  /** A loopback simulator that follows the provider's documented contract (sandbox mode and tests). */
  simulator?(): Simulator;
  /** Built per request; `upstream` is the shared transport bound to this provider's configuration. */
  createClient(upstream: Upstream, config: ProviderConfig): ContactClient;
}
