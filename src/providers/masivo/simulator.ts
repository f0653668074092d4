import { createHmac, randomUUID } from "node:crypto";
import { hex, INVALID_JSON, type SimRequest, type SimResponse } from "../../sandbox/http.js";
import type { Simulator } from "../types.js";
import { MASIVO_CONTACT_DEFAULTS, validateMasivoContact } from "./simulator-rules.js";
import { records, type Records } from "../../sandbox/records.js";

// Follows https://docs.masivo.ai/api-reference/guides/integrate-with-masivo (API key → 1 h JWT) and
// https://docs.masivo.ai/api-reference/contacts/post (bare contact). The error body is not documented:
// `{ message, errors: [{ field, message }] }` is our assumption [I], as is GET /contacts/{id} [I].

export interface MasivoSimulator extends Simulator {
  contacts: Records<Record<string, unknown>>;
  /** `authorizations`: /auth/authorize calls answered with a token; `rejected`: 401s for a bad or expired Bearer. */
  stats: { creates: number; requests: number; authorizations: number; rejected: number };
  /** Every JWT handed out, so tests can check none of them leaks. */
  issued: string[];
  /** Invalidates every token issued so far, as a key rotation at Masivo would. */
  revokeTokens(): void;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const error = (status: number, message: string, errors?: unknown[]): SimResponse => ({
  status,
  body: { message, ...(errors && { errors }) },
});
// UUID-shaped like Masivo's ids, with a recognisable "5a4db0c5" ("sandbox") first group.
const sandboxUuid = () => `5a4db0c5-${hex(2)}-4${hex(2).slice(1)}-8${hex(2).slice(1)}-${hex(6)}`;

export function createMasivoSimulator(apiKey = "sandbox-masivo-api-key", options: { tokenTtlSeconds?: number } = {}): MasivoSimulator {
  const secret = randomUUID(); // signs this instance's tokens: a token from elsewhere is a 401
  const contacts = records<Record<string, unknown>>();
  const accounts = records<string>();
  const stats = { creates: 0, requests: 0, authorizations: 0, rejected: 0 };
  const issued: string[] = [];
  let generation = 0;
  const sign = (body: string) => createHmac("sha256", secret).update(body).digest("base64url");

  function issue(): string {
    const now = Math.floor(Date.now() / 1000);
    const body = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: "sandbox", gen: generation, iat: now, exp: now + (options.tokenTtlSeconds ?? 3600), jti: hex(8) })}`;
    issued.push(`${body}.${sign(body)}`);
    return issued.at(-1)!;
  }

  function bearerValid(header: unknown): boolean {
    const [, jwt] = /^Bearer (\S+)$/.exec(String(header ?? "")) ?? [];
    const [head, payload, signature] = jwt?.split(".") ?? [];
    if (!payload || signature !== sign(`${head}.${payload}`)) return false;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims.gen === generation && claims.exp * 1000 > Date.now();
  }

  function create(req: SimRequest): SimResponse {
    if (req.body === INVALID_JSON || typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
      return error(400, "The request body is not valid JSON.");
    const body = req.body as Record<string, unknown>;
    const errors = validateMasivoContact(body);
    if (errors.length) return error(400, "Invalid contact.", errors);
    const now = new Date().toISOString();
    const contact = { ...MASIVO_CONTACT_DEFAULTS, id: sandboxUuid(), persona_id: sandboxUuid(), created_at: now, updated_at: now, ...body };
    contacts.set(contact.id, contact);
    accounts.set(contact.id, (req.headers["x-account-id"] as string | undefined) ?? "");
    stats.creates++;
    return { status: 201, body: contact };
  }

  async function handler(req: SimRequest): Promise<SimResponse> {
    stats.requests++;
    if (req.method === "GET" && req.path === "/auth/authorize") {
      if (req.headers["x-api-key"] !== apiKey) return error(401, "Invalid API key.");
      stats.authorizations++;
      return { status: 200, body: { data: issue() } };
    }
    if (!bearerValid(req.headers.authorization)) {
      stats.rejected++;
      return error(401, "Invalid or expired token.");
    }
    if (req.method === "POST" && req.path === "/contacts") return create(req);
    const show = /^\/contacts\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && show) {
      const id = decodeURIComponent(show[1]);
      const account = req.headers["x-account-id"];
      const found = contacts.get(id);
      return found && (account === undefined || account === accounts.get(id))
        ? { status: 200, body: found }
        : error(404, "Contact not found.");
    }
    return error(404, "Not found.");
  }

  return {
    handler,
    basePath: "/api/storefront/v1",
    credentials: { API_KEY: apiKey },
    contacts,
    stats,
    issued,
    revokeTokens: () => void generation++,
  };
}
