import { createHash } from "node:crypto";
import { ProviderError } from "../../errors.js";
import { Upstream, type CallObserver } from "../http.js";
import { parseResponse } from "../parse.js";
import type { ProviderConfig } from "../types.js";
import { parseMasivoError } from "./errors.js";
import { masivoAuthorization } from "./types.js";

/** /auth/authorize itself failed: retrying the contact call with a new token cannot help. */
export class MasivoAuthorizeError extends ProviderError {}

const HOUR_MS = 3_600_000;
// The guide refreshes 5 min before `exp`; a shorter-lived token refreshes at half its life instead.
const MARGIN_MS = 5 * 60_000;

/** When the JWT stops working: its `exp`, else one hour (the documented lifetime). */
export function expiresAt(jwt: string, now = Date.now()): number {
  try {
    const exp = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"))?.exp;
    if (typeof exp === "number" && exp * 1000 > now) return exp * 1000;
  } catch {
    // Not a readable JWT: the documented lifetime applies.
  }
  return now + HOUR_MS;
}

/** When to authorize again: the expiry less a margin. */
export function refreshAt(jwt: string, now = Date.now()): number {
  const expiry = expiresAt(jwt, now);
  return expiry - Math.min(MARGIN_MS, (expiry - now) / 2);
}

interface Entry {
  token?: string;
  refreshAt: number;
  expiresAt: number;
  pending?: Promise<string>;
}
/** Module level: every request of the process shares one token per base URL and key. */
const tokens = new Map<string, Entry>();
// The cache key hashes the API key (never kept in clear as a map key), once per configuration.
const keys = new WeakMap<ProviderConfig, string>();
function keyOf(config: ProviderConfig): string {
  let key = keys.get(config);
  if (!key) {
    key = createHash("sha256").update(`${config.baseUrl.href}\n${config.credentials.API_KEY}`).digest("hex");
    keys.set(config, key);
  }
  return key;
}

// https://docs.masivo.ai/api-reference/guides/integrate-with-masivo (GET {base}/auth/authorize, header x-api-key)
async function authorize(config: ProviderConfig, observer: CallObserver): Promise<string> {
  // Logged and traced as part of the request that needed the token.
  const upstream = new Upstream({
    provider: "Masivo",
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    parseError: parseMasivoError,
    authorize: () => ({ "x-api-key": config.credentials.API_KEY }),
    authHeaderNames: ["x-api-key"],
    logger: observer.logger,
    telemetry: observer.telemetry,
    dispatcher: observer.dispatcher,
    secrets: observer.secrets,
    guard: observer.guard,
  });
  try {
    const response = await upstream.send({ method: "GET", path: "auth/authorize", template: "auth/authorize" });
    return parseResponse("Masivo", masivoAuthorization, response).data;
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const refused = err.code === "PROVIDER_AUTH_FAILED";
    throw new MasivoAuthorizeError(
      err.code,
      refused ? `Masivo refused the API key at /auth/authorize (HTTP ${err.details.upstreamStatus}). Check MASIVO_API_KEY.` : err.message,
      err.details,
    );
  }
}

/** A JWT safe to use now. Concurrent callers share one /auth/authorize call. */
export function masivoToken(config: ProviderConfig, observer: CallObserver = {}): Promise<string> {
  const key = keyOf(config);
  const entry = tokens.get(key);
  if (entry?.pending) return entry.pending;
  if (entry?.token && Date.now() < entry.refreshAt) return Promise.resolve(entry.token);
  // Refreshing early: the current token still works until it expires, whatever the refresh answers.
  const current = entry?.token && Date.now() < entry.expiresAt ? entry : undefined;
  const pending = authorize(config, observer).then(
    (token) => {
      tokens.set(key, { token, refreshAt: refreshAt(token), expiresAt: expiresAt(token) });
      return token;
    },
    (err) => {
      if (tokens.get(key)?.pending !== pending) throw err;
      if (current && Date.now() < current.expiresAt) {
        // Keep serving with the live token and try the refresh again in a minute.
        tokens.set(key, {
          token: current.token,
          expiresAt: current.expiresAt,
          refreshAt: Math.min(current.expiresAt, Date.now() + 60_000),
        });
        return current.token!;
      }
      tokens.delete(key);
      throw err;
    },
  );
  tokens.set(key, { token: current?.token, expiresAt: current?.expiresAt ?? 0, refreshAt: 0, pending });
  return pending;
}

/** The token this configuration holds now, if any: a secret to scrub from upstream text like the API key. */
export function cachedMasivoTokens(config: ProviderConfig): string[] {
  const token = tokens.get(keyOf(config))?.token;
  return token ? [token] : [];
}

/** Drops a token Masivo answered 401 to, unless another request has already replaced it. */
export function invalidateMasivoToken(config: ProviderConfig, token: string): void {
  const key = keyOf(config);
  if (tokens.get(key)?.token === token) tokens.delete(key);
}
