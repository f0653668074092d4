import { randomUUID } from "node:crypto";
import { hex, INVALID_JSON, type SimRequest, type SimResponse } from "../../sandbox/http.js";
import type { Simulator } from "../types.js";
import { StoraContactSource, StoraContactType, StoraMarketingSource, StoraUseCase } from "./options.js";
import { records, type Records } from "../../sandbox/records.js";

// Follows https://docs.stora.co/2025-09/api-reference/contacts/create-a-contact,
// https://docs.stora.co/2025-09/guides/errors and .../guides/requests (Idempotency-Key, 24 h replay).

const ENUMS: Record<string, string[]> = {
  type: Object.values(StoraContactType),
  source: Object.values(StoraContactSource),
  marketing_source: Object.values(StoraMarketingSource),
  use_case: Object.values(StoraUseCase),
};
const NULLABLE_TEXT = ["full_name", "phone_number", "tax_id", "company_registration_number"];
const ADDRESS_KEYS = ["line_1", "line_2", "city", "postal_code", "state", "country_alpha2"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface StoraSimulator extends Simulator {
  contacts: Records<Record<string, unknown>>;
  /**
   * Creates that reached the store (replays excluded); replays: answers given again for a known
   * Idempotency-Key; requests answered 429 (`limited`) and their arrival times (ms); arrival times of the others.
   */
  stats: { creates: number; requests: number; replays: number; limited: number; served: number[]; refused: number[] };
  /**
   * The next create fails inside Stora with `status` (an `api_error` body), after storing the
   * contact when `created`. Like every answer to an Idempotency-Key, that failure is stored and
   * replayed for 24 h: a real Stora's 500 is not a gateway's, and a resend gets the same 500.
   */
  failNextCreate(status: number, options?: { created?: boolean }): void;
}

export interface StoraSimulatorOptions {
  /**
   * Enforce Stora's documented limits (https://docs.stora.co/2025-09/guides/requests: 10 req/s and
   * 60 req/min by default): a 429 with RateLimit-Limit and RateLimit-Reset (epoch seconds) once a
   * window aligned to the clock is full. Off by default: the sandbox does not limit.
   */
  rateLimits?: { requests: number; seconds: number }[];
}

function error(status: number, code: string, message: string, details?: { message: string; pointer: string }[]): SimResponse {
  const type = status >= 500 ? "api_error" : "invalid_request_error";
  return { status, body: { error: { code, type, message, request_id: randomUUID(), details: details ?? [], links: [] } } };
}

function validate(body: Record<string, unknown>): { message: string; pointer: string }[] {
  const details: { message: string; pointer: string }[] = [];
  const bad = (pointer: string, message: string) => details.push({ pointer, message: `value at \`${pointer}\` ${message}` });
  if (typeof body.email !== "string") bad("/email", "is required");
  else if (!EMAIL.test(body.email)) bad("/email", "does not match format: email");
  for (const key of NULLABLE_TEXT) if (body[key] != null && typeof body[key] !== "string") bad(`/${key}`, "is not a string");
  for (const key of ["tax_id", "company_registration_number"])
    if (typeof body[key] === "string" && (body[key] as string).length > 30) bad(`/${key}`, "is longer than 30 characters");
  for (const [key, values] of Object.entries(ENUMS))
    if (body[key] != null && !values.includes(body[key] as string)) bad(`/${key}`, `is not one of ${values.join(", ")}`);
  if (body.address != null) {
    if (typeof body.address !== "object") bad("/address", "is not an object");
    else
      for (const [key, value] of Object.entries(body.address))
        if (!ADDRESS_KEYS.includes(key)) bad(`/address/${key}`, "is not a permitted key");
        else if (value != null && typeof value !== "string") bad(`/address/${key}`, "is not a string");
    const alpha2 = (body.address as Record<string, unknown>)?.country_alpha2;
    if (typeof alpha2 === "string" && !/^[A-Z]{2}$/.test(alpha2)) bad("/address/country_alpha2", "is not an ISO 3166-1 alpha-2 code");
  }
  if (body.metadata != null && (typeof body.metadata !== "object" || Array.isArray(body.metadata))) bad("/metadata", "is not an object");
  return details;
}

export function createStoraSimulator(token = "sandbox-stora-token", options: StoraSimulatorOptions = {}): StoraSimulator {
  const contacts = records<Record<string, unknown>>();
  const replays = records<{ at: number; response: SimResponse }>();
  const stats = { creates: 0, requests: 0, replays: 0, limited: 0, served: [] as number[], refused: [] as number[] };
  const failures: { status: number; created: boolean }[] = [];
  const windows = (options.rateLimits ?? []).map((limit) => ({ ...limit, index: -1, count: 0 }));

  /** Counts the request in every window; a 429 when one of them is already full (a refused request counts too). */
  function rateLimited(now: number): SimResponse | undefined {
    let full: (typeof windows)[number] | undefined;
    for (const window of windows) {
      const index = Math.floor(now / (window.seconds * 1000));
      if (index !== window.index) Object.assign(window, { index, count: 0 });
      if (++window.count > window.requests) full ??= window;
    }
    if (!full) return undefined;
    const reset = String((full.index + 1) * full.seconds);
    return {
      ...error(429, "too_many_requests", "Too many requests."),
      headers: { "ratelimit-limit": String(full.requests), "ratelimit-reset": reset },
    };
  }
  const envelope = (contact: Record<string, unknown>) => ({ contact, meta: { request_id: randomUUID(), curies: [] } });

  function create(req: SimRequest): SimResponse {
    if (req.body === INVALID_JSON || typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
      return error(400, "invalid_request", "The request body is not valid JSON.");
    const body = req.body as Record<string, unknown>;
    const details = validate(body);
    if (details.length) return error(422, "invalid_content", "The request body content is not valid.", details);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const contact = {
      id: `con_sandbox_${hex(8)}`,
      address: body.address
        ? { line_1: null, line_2: null, city: null, postal_code: null, state: null, country_alpha2: null, ...(body.address as object) }
        : null,
      company_registration_number: body.company_registration_number ?? null,
      created_at: now,
      email: body.email,
      full_name: body.full_name ?? null,
      marketing_source: body.marketing_source ?? null,
      metadata: body.metadata ?? {},
      phone_number: body.phone_number ?? null,
      source: body.source ?? null,
      stripe_customer_id: null,
      tax_id: body.tax_id ?? null,
      tenancies_count: 0,
      type: body.type ?? null,
      updated_at: now,
      use_case: body.use_case ?? null,
    };
    const failure = failures.shift();
    if (!failure || failure.created) {
      contacts.set(contact.id, contact);
      stats.creates++;
    }
    if (failure) return error(failure.status, "internal_error", "Something went wrong on our end.");
    return { status: 201, body: envelope(contact) };
  }

  async function handler(req: SimRequest): Promise<SimResponse> {
    stats.requests++;
    const now = Date.now();
    const limited = windows.length ? rateLimited(now) : undefined;
    if (limited) {
      stats.limited++;
      stats.refused.push(now);
      return limited;
    }
    if (windows.length) stats.served.push(now);
    if (req.headers.authorization !== `Bearer ${token}`) return error(401, "invalid_token", "The access token is invalid.");
    if (req.method === "POST" && req.path === "/contacts") {
      if (!String(req.headers["content-type"]).startsWith("application/json"))
        return error(422, "invalid_content", "Only JSON is accepted.");
      const key = req.headers["idempotency-key"];
      const cached = typeof key === "string" ? replays.get(key) : undefined;
      if (cached && Date.now() - cached.at < 24 * 3600_000) {
        stats.replays++;
        return cached.response;
      }
      const response = create(req);
      if (typeof key === "string") replays.set(key, { at: Date.now(), response });
      return response;
    }
    const show = /^\/contacts\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && show) {
      const contact = contacts.get(decodeURIComponent(show[1]));
      return contact ? { status: 200, body: envelope(contact) } : error(404, "resource_not_found", "The resource was not found.");
    }
    return error(404, "invalid_endpoint", "The endpoint does not exist.");
  }

  return {
    handler,
    basePath: "/2025-09",
    credentials: { TOKEN: token },
    contacts,
    stats,
    failNextCreate: (status, options) => void failures.push({ status, created: options?.created ?? false }),
  };
}
