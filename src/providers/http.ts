import { Agent, request, type Dispatcher } from "undici";
import { badResponse, fromUpstreamStatus, outcomeOfStatus, ProviderError, withOutcome, type UpstreamErrorInfo } from "../errors.js";
import type { Logger } from "../logger.js";
import type { RequestTelemetry } from "../telemetry/scope.js";
import { startUpstreamCall } from "../telemetry/upstream-call.js";
import { neverSent, withRetry } from "./retry.js";
import type { ResponseHeaderNames } from "./types.js";

export const USER_AGENT = "contacts-subgraph/0.1 (node)";
/** Larger answers are not a contact: refuse them instead of buffering them. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * One keep-alive pool per upstream origin, made once per server (createServer) and closed by its
 * stop(): a TLS handshake per mutation would cost more than the translation itself.
 */
export const createUpstreamPool = () => new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 128 });
/** For transports made outside a server (client tests, scripts): never closed, so only for short-lived processes. */
const defaultPool = createUpstreamPool();

export interface UpstreamRequest {
  method: "GET" | "POST";
  /** Relative to the provider's base URL, with `{param}` placeholders filled (template kept for logs). */
  path: string;
  template: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  /** The tenant scope at the provider (an account or credential id): for logs and spans only. */
  connectionId?: string;
}

export interface UpstreamResponse {
  status: number;
  json: unknown;
  requestId?: string;
  /** Answer to a create (any request but a GET): a body we cannot read leaves its outcome unknown. */
  create: boolean;
}

export interface UpstreamOptions {
  provider: string;
  baseUrl: URL;
  timeoutMs: number;
  /** Credentials, added at send time only; their names are shown redacted in previews. */
  authorize: () => Record<string, string> | Promise<Record<string, string>>;
  authHeaderNames: readonly string[];
  parseError: (body: unknown) => UpstreamErrorInfo;
  /** Where a provider puts its request id in a successful body, when it does. */
  requestIdOf?: (body: unknown) => string | undefined;
  /** Header names the provider uses for its request id and rate-limit reset; DEFAULT_RESPONSE_HEADERS otherwise. */
  responseHeaders?: Partial<ResponseHeaderNames>;
  logger?: Logger;
  /** The GraphQL request this transport serves: our request id and the parent span of each call. */
  telemetry?: RequestTelemetry;
  /** The server's connection pool (createUpstreamPool); a shared default otherwise. */
  dispatcher?: Dispatcher;
}

/** The names most providers use; a provider with its own declares them in its definition. */
export const DEFAULT_RESPONSE_HEADERS: ResponseHeaderNames = {
  requestId: ["x-request-id", "request-id"],
  rateLimitReset: ["ratelimit-reset", "x-ratelimit-reset"],
};

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};
/** The first of `names` the response carries. */
const firstHeader = (headers: Record<string, string | string[] | undefined>, names: readonly string[]) =>
  names.map((name) => header(headers, name)).find((value) => value !== undefined);

/** Where a call made on behalf of a request reports: its logger and its trace. */
export type CallObserver = Pick<UpstreamOptions, "logger" | "telemetry" | "dispatcher">;

/** Seconds to wait, from Retry-After (seconds or HTTP date) or the provider's rate-limit reset header. */
export function retryAfterSeconds(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
  resetHeaders: readonly string[] = DEFAULT_RESPONSE_HEADERS.rateLimitReset,
): number | undefined {
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  const reset = firstHeader(headers, resetHeaders);
  if (reset !== undefined && /^\d+$/.test(reset.trim())) {
    const n = Number(reset);
    // Some providers send an epoch timestamp, others (and the IETF draft) seconds until reset.
    return n > 1_000_000_000 ? Math.max(0, n - Math.floor(now / 1000)) : n;
  }
  return undefined;
}

/** The transport shared by every provider: URL, headers, timeout, size limit, status → error. */
export class Upstream {
  private readonly headerNames: ResponseHeaderNames;

  constructor(readonly options: UpstreamOptions) {
    this.headerNames = { ...DEFAULT_RESPONSE_HEADERS, ...options.responseHeaders };
  }

  url(req: UpstreamRequest): URL {
    const url = new URL(this.options.baseUrl.href.replace(/\/?$/, "/") + req.path.replace(/^\//, ""));
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    return url;
  }

  private headers(req: UpstreamRequest): Record<string, string> {
    const h: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT };
    if (req.body !== undefined) h["content-type"] = "application/json";
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) h[k.toLowerCase()] = v;
    return h;
  }

  /** What the request looks like on the wire, credentials redacted: used by previewCreateContact. */
  describe(req: UpstreamRequest) {
    const headers = this.headers(req);
    for (const name of this.options.authHeaderNames) headers[name] = "[REDACTED]";
    return { method: req.method, url: this.url(req).href, headers, body: (req.body ?? null) as Record<string, unknown> | null };
  }

  async send(req: UpstreamRequest): Promise<UpstreamResponse> {
    return (await this.exchange(req, false))!;
  }

  /** A read by id: the provider's 404 to this very request means "no such record", answered as null. */
  find(req: UpstreamRequest): Promise<UpstreamResponse | null> {
    return this.exchange(req, true);
  }

  private async exchange(req: UpstreamRequest, missingIsNull: boolean): Promise<UpstreamResponse | null> {
    const { provider, timeoutMs, logger } = this.options;
    const started = performance.now();
    // Every request but a read is a create here: each error it raises says what became of the contact.
    const create = req.method !== "GET";
    // Credentials come first (a token exchange, say): a failure there sent no create.
    const auth = await Promise.resolve()
      .then(() => this.options.authorize())
      .catch((err: unknown) => { throw create && err instanceof ProviderError ? withOutcome(err, "NOT_CREATED") : err; });
    // One span, log line and metrics per call (src/telemetry); its traceparent goes to the provider.
    const call = startUpstreamCall({ provider, connectionId: req.connectionId, method: req.method, path: req.template, host: this.options.baseUrl.hostname }, this.options.telemetry, logger);
    const headers = { ...this.headers(req), ...call.headers, ...auth };
    const log = (status: number | undefined, requestId?: string, error?: Error, reason?: string) => call.end({ status, upstreamRequestId: requestId, error, reason });

    let res: Awaited<ReturnType<typeof request>>;
    // Whether any attempt may have reached the provider: a resend that is refused does not undo an earlier one.
    let reached = false;
    try {
      // The timeout is the budget of the whole call; retries happen only where no duplicate can follow (retry.ts).
      res = await withRetry((remainingMs) => request(this.url(req), {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        dispatcher: this.options.dispatcher ?? defaultPool,
        headersTimeout: remainingMs,
        bodyTimeout: remainingMs,
        signal: AbortSignal.timeout(remainingMs),
      }).then(
        (response) => { reached ||= outcomeOfStatus(response.statusCode) === "UNKNOWN"; return response; },
        (err: unknown) => { reached ||= !neverSent(err); throw err; },
      ), {
        deadline: started + timeoutMs,
        idempotent: !create || !!headers["idempotency-key"],
        // The provider stores its answer to an Idempotency-Key, errors included (24 h at one provider): a resend after
        // an answer only fetches that answer again.
        answersReplayed: create && !!headers["idempotency-key"],
        retryAfterSeconds: (r) => retryAfterSeconds(r.headers, Date.now(), this.headerNames.rateLimitReset),
        onRetry: (reason, waitMs) => logger?.warn({ provider, connectionId: req.connectionId, method: req.method, path: req.template, reason, waitMs }, "upstream retry"),
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      const unsent = !reached && neverSent(err);
      const error = new ProviderError("PROVIDER_UNAVAILABLE", unsent ? `${provider} could not be reached.` : `${provider} did not answer in time.`, {
        provider,
        outcome: create ? (unsent ? "NOT_CREATED" : "UNKNOWN") : undefined,
      });
      log(undefined, undefined, error, code || (err as Error).name);
      throw error;
    }

    const text = await readLimited(res.body, provider, res.statusCode, create).catch((err: Error) => { log(res.statusCode, undefined, err); throw err; });
    const requestId = firstHeader(res.headers, this.headerNames.requestId);
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
      if (res.statusCode < 300) {
        const error = badResponse(provider, "the body is not JSON", res.statusCode, requestId, create ? "UNKNOWN" : undefined);
        log(res.statusCode, requestId, error, "invalid JSON");
        throw error;
      }
    }

    if (res.statusCode >= 200 && res.statusCode < 300) {
      const id = requestId ?? this.options.requestIdOf?.(json);
      log(res.statusCode, id);
      return { status: res.statusCode, json, requestId: id, create };
    }
    const info = json === undefined ? {} : safeParseError(this.options.parseError, json);
    const upstreamRequestId = info.requestId ?? requestId;
    if (missingIsNull && res.statusCode === 404) {
      call.end({ status: 404, upstreamRequestId, notFound: true });
      return null;
    }
    const error = fromUpstreamStatus({
      provider,
      status: res.statusCode,
      info: { ...info, requestId: upstreamRequestId },
      retryAfterSeconds: retryAfterSeconds(res.headers, Date.now(), this.headerNames.rateLimitReset),
      create,
    });
    log(res.statusCode, upstreamRequestId, error);
    throw error;
  }
}

function safeParseError(parse: (body: unknown) => UpstreamErrorInfo, body: unknown): UpstreamErrorInfo {
  try {
    return parse(body);
  } catch {
    return {};
  }
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(err?: Error): void }, provider: string, status: number, create: boolean): Promise<string> {
  const outcome = create ? outcomeOfStatus(status) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        body.destroy();
        // A 2xx to a create: it probably exists, but we cannot say which contact it is.
        throw badResponse(provider, `the body is larger than ${MAX_RESPONSE_BYTES} bytes`, status, undefined, outcome);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    // The connection broke or timed out while the answer was being read: the create was received.
    throw new ProviderError("PROVIDER_UNAVAILABLE", `${provider} broke off its answer.`, { provider, upstreamStatus: status, outcome });
  }
  return Buffer.concat(chunks).toString("utf8");
}
