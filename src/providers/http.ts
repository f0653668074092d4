import { validateHeaderName, validateHeaderValue } from "node:http";
import { Agent, errors as undiciErrors, request, type Dispatcher } from "undici";
import {
  badResponse,
  fromUpstreamStatus,
  outcomeOfStatus,
  ProviderError,
  refusedCall,
  UpstreamRejection,
  upstreamRequestId,
  withOutcome,
  type UpstreamErrorInfo,
} from "../errors.js";
import { BudgetSpent } from "../guard/budget.js";
import { CircuitOpen } from "../guard/circuit.js";
import type { ProviderGuard } from "../guard/index.js";
import { ContactUserErrorCode } from "../graphql/enums.js";
import type { Logger } from "../logger.js";
import type { RequestTelemetry } from "../telemetry/scope.js";
import { startUpstreamCall } from "../telemetry/upstream-call.js";
import { userError } from "./fields.js";
import { nestsDeeperThan } from "./input-bounds.js";
import { neverSent, withRetry } from "./retry.js";
import type { ResponseHeaderNames } from "./types.js";

export const USER_AGENT = "contacts-subgraph/0.1 (node)";
/** Larger answers are not a contact: refuse them instead of buffering them. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** An attempt shorter than this is not worth starting (as in retry.ts): waiting for a budget slot leaves at least this. */
const MIN_ATTEMPT_MS = 100;
/** Deeper answers are not a contact either (a record nests a few levels): refused before anything serialises them. */
export const MAX_RESPONSE_DEPTH = 64;

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
  /** The tenant scope at the provider (an account or credential id): for logs and spans, and to name it when it cannot be sent. */
  connectionId?: string;
  /**
   * When the whole call, as the caller sees it, must be over (`performance.now()` time), if earlier
   * than this request's own timeout: a provider's token exchange and its retry spend the same budget.
   */
  deadline?: number;
}

/** A request that was built and checked, ready to leave: nothing past this point can fail before sending. */
interface Outgoing {
  url: URL;
  headers: Record<string, string>;
  body?: string;
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
  /** Every credential we know, of every provider: scrubbed from whatever a provider writes back. Read at each call (tokens change). */
  secrets?: () => readonly string[];
  /** The provider's rate budget and circuit (src/guard), asked before every attempt. */
  guard?: ProviderGuard;
}

/** The names most providers use; a provider with its own declares them in its definition. */
export const DEFAULT_RESPONSE_HEADERS: ResponseHeaderNames = {
  requestId: ["x-request-id", "request-id"],
  rateLimitReset: ["ratelimit-reset", "x-ratelimit-reset"],
};

/** The headers every request carries, with our own values. */
const FIXED_HEADERS: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT, "content-type": "application/json" };

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};
/** The first of `names` the response carries. */
const firstHeader = (headers: Record<string, string | string[] | undefined>, names: readonly string[]) =>
  names.map((name) => header(headers, name)).find((value) => value !== undefined);

/** Where a call made on behalf of a request reports: its logger and its trace. */
export type CallObserver = Pick<UpstreamOptions, "logger" | "telemetry" | "dispatcher" | "secrets" | "guard">;

/**
 * The longest wait a provider's header may impose: the longest budget window (7 days). Beyond it a
 * number is an error, and past 24.8 days a timer would overflow to 1 ms and send again at once.
 */
const MAX_RETRY_AFTER_SECONDS = 7 * 86_400;

/** Seconds to wait, from Retry-After (seconds or HTTP date) or the provider's rate-limit reset header. */
export function retryAfterSeconds(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
  resetHeaders: readonly string[] = DEFAULT_RESPONSE_HEADERS.rateLimitReset,
): number | undefined {
  const seconds = readRetryAfter(headers, now, resetHeaders);
  return seconds === undefined ? undefined : Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}

function readRetryAfter(headers: Record<string, string | string[] | undefined>, now: number, resetHeaders: readonly string[]) {
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

/** `work`, unless `deadline` comes first: then `late()`. A value already there (most credentials) costs no timer. */
async function beforeDeadline<T>(work: T | Promise<T>, deadline: number, late: () => Error): Promise<T> {
  if (!(work instanceof Promise)) return work;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(late()), Math.max(0, deadline - performance.now()));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The transport shared by every provider: URL, headers, timeout, size limit, status → error. */
export class Upstream {
  private readonly headerNames: ResponseHeaderNames;
  /** The base URL and its path, each ending in one slash: request paths are relative to them. */
  private readonly base: string;
  private readonly basePath: string;

  constructor(readonly options: UpstreamOptions) {
    this.headerNames = { ...DEFAULT_RESPONSE_HEADERS, ...options.responseHeaders };
    this.base = options.baseUrl.href.replace(/\/?$/, "/");
    this.basePath = options.baseUrl.pathname.replace(/\/?$/, "/");
  }

  /** Seconds to wait, read with this provider's own rate-limit header names. */
  private retryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
    return retryAfterSeconds(headers, Date.now(), this.headerNames.rateLimitReset);
  }

  url(req: UpstreamRequest): URL {
    const url = new URL(this.base + req.path.replace(/^\//, ""));
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    return url;
  }

  private headers(req: UpstreamRequest): Record<string, string> {
    const h: Record<string, string> = { accept: FIXED_HEADERS.accept, "user-agent": FIXED_HEADERS["user-agent"] };
    if (req.body !== undefined) h["content-type"] = FIXED_HEADERS["content-type"];
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) h[k.toLowerCase()] = v;
    return h;
  }

  /** What the request looks like on the wire, credentials redacted: used by previewCreateContact. */
  describe(req: UpstreamRequest) {
    const headers = this.headers(req);
    for (const name of this.options.authHeaderNames) headers[name] = "[REDACTED]";
    return { method: req.method, url: this.url(req).href, headers, body: (req.body ?? null) as Record<string, unknown> | null };
  }

  /** A create, or any request whose 404 is an error. */
  send(req: UpstreamRequest): Promise<UpstreamResponse> {
    return this.exchange(req, false) as Promise<UpstreamResponse>;
  }

  /** A read by id: the provider's 404 to this very request means "no such record", answered as null. */
  find(req: UpstreamRequest): Promise<UpstreamResponse | null> {
    return this.exchange(req, true);
  }

  /**
   * URL, headers and body, built and checked before anything is sent: a failure here provably
   * reached no provider, so it is answered as "not sent" (never as a timeout with outcome UNKNOWN).
   */
  private build(req: UpstreamRequest, auth: Record<string, string>, create: boolean): Outgoing {
    let url: URL;
    try {
      url = this.url(req);
    } catch {
      throw this.unsendable(req, "the URL", "cannot be built");
    }
    // The parser resolves dot segments ("contacts/.." → the collection) and rewrites some characters:
    // a path or query that is not exactly the one asked for is not sent.
    const path = this.basePath + req.path.replace(/^\//, "");
    if (url.pathname !== path) throw this.unsendable(req, "the URL path", "is a dot segment or has characters a URL rewrites");
    for (const [name, value] of Object.entries(req.query ?? {}))
      if (value !== undefined && url.searchParams.get(name) !== value)
        throw this.unsendable(req, `the ${name} parameter`, "is not text a URL can carry", value);
    const headers = { ...this.headers(req), ...auth };
    for (const [name, value] of Object.entries(headers)) {
      if (FIXED_HEADERS[name] === value) continue; // ours, valid by construction
      try {
        validateHeaderName(name);
        validateHeaderValue(name, value);
      } catch {
        if (Object.hasOwn(auth, name)) throw this.misconfigured(name, create);
        throw this.unsendable(req, `the ${name} header`, "has a line break, NUL or another character HTTP headers cannot carry", value);
      }
    }
    let body: string | undefined;
    try {
      body = req.body === undefined ? undefined : JSON.stringify(req.body);
    } catch (err) {
      throw this.unsendable(
        req,
        "the body",
        err instanceof RangeError ? "nests too deeply to be written as JSON" : "cannot be written as JSON",
      );
    }
    return { url, headers, body };
  }

  /**
   * The caller's data cannot be put on the wire. Input validation refuses such data first, so this is
   * the net under it: a user error (at connectionId when that is the value), never a thrown 500.
   */
  private unsendable(req: UpstreamRequest, part: string, why: string, value?: string): UpstreamRejection {
    const { provider, logger } = this.options;
    logger?.info({ provider, method: req.method, path: req.template, part, reason: why }, "upstream request not sent");
    const field = value !== undefined && value === req.connectionId ? ["connectionId"] : ["input"];
    return new UpstreamRejection([
      userError(field, ContactUserErrorCode.INVALID, `This cannot be sent to ${provider}: ${part} ${why}. Nothing was sent.`),
    ]);
  }

  /** Our own credential cannot go into a header: configuration, and nothing was sent. */
  private misconfigured(header: string, create: boolean): ProviderError {
    const { provider, logger } = this.options;
    logger?.warn({ provider, header }, "upstream request not sent: a configured credential is not a valid header value");
    return new ProviderError(
      "PROVIDER_NOT_CONFIGURED",
      `${provider}'s configured credentials cannot be sent as the ${header} header (a line break or control character). Nothing was sent.`,
      {
        provider,
        outcome: create ? "NOT_CREATED" : undefined,
      },
    );
  }

  private async exchange(req: UpstreamRequest, missingIsNull: boolean): Promise<UpstreamResponse | null> {
    const { provider, timeoutMs, logger, guard } = this.options;
    const started = performance.now();
    const deadline = Math.min(started + timeoutMs, req.deadline ?? Number.POSITIVE_INFINITY);
    // Every request but a read is a create here: each error it raises says what became of the contact.
    const create = req.method !== "GET";
    // The caller's own budget (req.deadline, shared with a token exchange) may be spent before anything is sent.
    // This call's timeout alone never is: the smallest allowed is one attempt's minimum.
    const late = () =>
      new ProviderError("PROVIDER_UNAVAILABLE", `${provider} did not answer in time.`, {
        provider,
        outcome: create ? "NOT_CREATED" : undefined,
      });
    const spent = () => req.deadline !== undefined && req.deadline - performance.now() < MIN_ATTEMPT_MS;
    if (spent()) throw late();
    // Whether any attempt may have reached the provider: a resend that is refused does not undo an earlier one.
    let reached = false;
    // A call our rate budget or circuit refuses sent nothing itself.
    const refused = (err: unknown) => {
      if (!(err instanceof BudgetSpent || err instanceof CircuitOpen)) return err;
      return refusedCall(
        provider,
        err instanceof BudgetSpent ? "budget" : "circuit",
        err.retryAfterSeconds,
        create ? (reached ? "UNKNOWN" : "NOT_CREATED") : undefined,
      );
    };
    // An open circuit or a spent budget answers before anything is sent; waiting for a slot counts against the timeout.
    const admit = async (waitMs: number) => {
      if (guard)
        await guard.admit(req.connectionId, waitMs).catch((err: unknown) => {
          throw refused(err);
        });
    };
    await admit(deadline - started - MIN_ATTEMPT_MS);
    // Credentials come first (a token exchange, say): a failure there sent no create.
    let auth: Record<string, string>;
    try {
      auth = await beforeDeadline(this.options.authorize(), deadline, late);
    } catch (err) {
      throw create && err instanceof ProviderError ? withOutcome(err, "NOT_CREATED") : err;
    }
    if (spent()) throw late();
    const outgoing = this.build(req, auth, create);
    // What this call sends (an exchanged token, a Basic value) is a secret as much as the configured ones.
    const secrets = [
      ...(this.options.secrets?.() ?? []),
      ...Object.values(auth).flatMap((value) => [value, value.slice(value.lastIndexOf(" ") + 1)]),
    ];
    // One span, log line and metrics per call (src/telemetry); its traceparent goes to the provider.
    const call = startUpstreamCall(
      { provider, connectionId: req.connectionId, method: req.method, path: req.template, host: this.options.baseUrl.hostname },
      this.options.telemetry,
      logger,
    );
    const headers = { ...outgoing.headers, ...call.headers };
    const log = (status: number | undefined, requestId?: string, error?: Error, reason?: string) =>
      call.end({ status, upstreamRequestId: requestId, error, reason });

    let res: Awaited<ReturnType<typeof request>>;
    try {
      // The timeout is the budget of the whole call; retries happen only where no duplicate can follow (retry.ts).
      const send = (remainingMs: number) =>
        request(outgoing.url, {
          method: req.method,
          headers,
          body: outgoing.body,
          dispatcher: this.options.dispatcher ?? defaultPool,
          headersTimeout: remainingMs,
          bodyTimeout: remainingMs,
          signal: AbortSignal.timeout(remainingMs),
        });
      let attempts = 0;
      // Every attempt, retries included, takes a slot of the budget and goes through the circuit.
      const attempt = async (remainingMs: number) => {
        if (attempts++ > 0) await admit(remainingMs - MIN_ATTEMPT_MS);
        return (guard ? guard.run(req.connectionId, () => send(remainingMs)) : send(remainingMs)).then(
          async (response) => {
            reached ||= outcomeOfStatus(response.statusCode) === "UNKNOWN";
            if (guard && response.statusCode === 429) await guard.learn(req.connectionId, this.retryAfter(response.headers) ?? 1);
            return response;
          },
          (err: unknown) => {
            if (!(err instanceof CircuitOpen)) reached ||= !neverSent(err) && !refusedByClient(err);
            throw refused(err);
          },
        );
      };
      res = await withRetry(attempt, {
        deadline,
        idempotent: !create || !!headers["idempotency-key"],
        // The provider stores its answer to an Idempotency-Key, errors included (24 h at one provider): a resend after
        // an answer only fetches that answer again.
        answersReplayed: create && !!headers["idempotency-key"],
        retryAfterSeconds: (r) => this.retryAfter(r.headers),
        onRetry: (reason, waitMs) =>
          logger?.warn(
            { provider, connectionId: req.connectionId, method: req.method, path: req.template, reason, waitMs },
            "upstream retry",
          ),
      });
    } catch (err) {
      if (err instanceof ProviderError) {
        log(undefined, undefined, err, "refused");
        throw err;
      }
      const code = (err as { code?: string }).code ?? "";
      // undici refusing an argument (a header it will not write, ...) throws before sending anything.
      if (refusedByClient(err) && !reached) throw this.unsendable(req, "the request", `was refused by the HTTP client (${err.message})`);
      const unsent = !reached && neverSent(err);
      const error = new ProviderError(
        "PROVIDER_UNAVAILABLE",
        unsent ? `${provider} could not be reached.` : `${provider} did not answer in time.`,
        {
          provider,
          outcome: create ? (unsent ? "NOT_CREATED" : "UNKNOWN") : undefined,
        },
      );
      log(undefined, undefined, error, code || (err as Error).name);
      throw error;
    }

    const text = await readLimited(res.body, header(res.headers, "content-length"), provider, res.statusCode, create).catch(
      (err: Error) => {
        log(res.statusCode, undefined, err);
        throw err;
      },
    );
    const requestId = upstreamRequestId(firstHeader(res.headers, this.headerNames.requestId), secrets);
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

    if (json !== undefined && nestsDeeperThan(json, MAX_RESPONSE_DEPTH)) {
      // An error answer is read by its status alone; a 2xx this deep is no record we can show.
      json = undefined;
      if (res.statusCode < 300) {
        const error = badResponse(
          provider,
          `the body nests deeper than ${MAX_RESPONSE_DEPTH} levels`,
          res.statusCode,
          requestId,
          create ? "UNKNOWN" : undefined,
        );
        log(res.statusCode, requestId, error, "too deep");
        throw error;
      }
    }

    if (res.statusCode >= 200 && res.statusCode < 300) {
      const id = requestId ?? upstreamRequestId(this.options.requestIdOf?.(json), secrets);
      log(res.statusCode, id);
      return { status: res.statusCode, json, requestId: id, create };
    }
    const info = json === undefined ? {} : safeParseError(this.options.parseError, json);
    const id = upstreamRequestId(info.requestId, secrets) ?? requestId;
    if (missingIsNull && res.statusCode === 404) {
      call.end({ status: 404, upstreamRequestId: id, notFound: true });
      return null;
    }
    const error = fromUpstreamStatus({
      provider,
      status: res.statusCode,
      info: { ...info, requestId: id },
      retryAfterSeconds: this.retryAfter(res.headers),
      create,
      secrets,
    });
    log(res.statusCode, id, error);
    throw error;
  }
}

/** undici refused an argument (a header it will not write, ...): thrown before anything is sent. */
const refusedByClient = (err: unknown): err is Error => err instanceof undiciErrors.InvalidArgumentError;

function safeParseError(parse: (body: unknown) => UpstreamErrorInfo, body: unknown): UpstreamErrorInfo {
  try {
    return parse(body);
  } catch {
    return {};
  }
}

async function readLimited(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): void; bytes(): Promise<Uint8Array> },
  declaredLength: string | undefined,
  provider: string,
  status: number,
  create: boolean,
): Promise<string> {
  const outcome = create ? outcomeOfStatus(status) : undefined;
  // A 2xx to a create: it probably exists, but we cannot say which contact it is.
  const tooLarge = () => badResponse(provider, `the body is larger than ${MAX_RESPONSE_BYTES} bytes`, status, undefined, outcome);
  const declared = declaredLength !== undefined && /^\d+$/.test(declaredLength) ? Number(declaredLength) : undefined;
  if (declared !== undefined && declared > MAX_RESPONSE_BYTES) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // A declared length within the limit: the HTTP parser reads no more than that, so the body is taken whole.
    if (declared !== undefined) {
      const bytes = await body.bytes();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    }
    for await (const chunk of body) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        body.destroy();
        throw tooLarge();
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
