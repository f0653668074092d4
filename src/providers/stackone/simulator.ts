import { hex, INVALID_JSON, type SimRequest, type SimResponse } from "../../sandbox/http.js";
import type { Simulator } from "../types.js";
import { stackOneCreateProblems } from "./simulator-rules.js";
import { records, type Records } from "../../sandbox/records.js";

// Follows https://docs.stackone.com/api/authentication (Basic, key as user, empty password;
// x-account-id on every unified call), .../guides/unified-api-error-codes-and-troubleshooting-guide
// (error body; a request without User-Agent is blocked with 403) and the create/get contact pages.

export interface StackOneSimulator extends Simulator {
  /** Stored contacts by StackOne id, as `data` answers them. */
  contacts: Records<Record<string, unknown>>;
  stats: { creates: number; requests: number };
}

const error = (statusCode: number, message: string): SimResponse => ({
  status: statusCode,
  body: { statusCode, message, timestamp: new Date().toISOString() },
});

function toContact(body: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  const ids = (key: string) => (body[key] as string[] | null | undefined) ?? [];
  return {
    id: `sandbox_ct_${hex(10)}`,
    remote_id: `sandbox_crm_${hex(6)}`,
    unified_custom_fields: {},
    first_name: body.first_name ?? null,
    last_name: body.last_name ?? null,
    company_name: body.company_name ?? null,
    emails: body.emails ?? [],
    phone_numbers: body.phone_numbers ?? [],
    deal_ids: ids("deal_ids"),
    remote_deal_ids: ids("deal_ids").map((id) => `sandbox_crm_${id}`),
    account_ids: ids("account_ids"),
    remote_account_ids: ids("account_ids").map((id) => `sandbox_crm_${id}`),
    custom_fields: ((body.custom_fields as Record<string, unknown>[] | null) ?? []).map((f) => ({
      id: f.id ?? `sandbox_cf_${hex(4)}`,
      remote_id: null,
      ...f,
    })),
    created_at: now,
    updated_at: now,
  };
}

/** `accounts`: the linked accounts that exist; a contact is only found in the one it was created in. */
export function createStackOneSimulator(
  apiKey = "sandbox-stackone-key",
  accounts = ["sandbox_account_1", "sandbox_account_2"],
): StackOneSimulator {
  const contacts = records<Record<string, unknown>>();
  const accountOf = records<string>();
  const stats = { creates: 0, requests: 0 };
  const basic = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`;

  function create(body: unknown, account: string): SimResponse {
    if (body === INVALID_JSON || typeof body !== "object" || body === null || Array.isArray(body))
      return error(400, "Request body must be a JSON object");
    const problems = stackOneCreateProblems(body as Record<string, unknown>);
    if (problems.length) return error(400, problems[0]);
    const contact = toContact(body as Record<string, unknown>);
    contacts.set(contact.id as string, contact);
    accountOf.set(contact.id as string, account);
    stats.creates++;
    return { status: 200, body: { data: contact } };
  }

  async function handler(req: SimRequest): Promise<SimResponse> {
    stats.requests++;
    if (!req.headers["user-agent"]) return error(403, "Forbidden");
    if (req.headers.authorization !== basic) return error(401, "Unauthorized");
    const account = req.headers["x-account-id"];
    if (typeof account !== "string" || account === "") return error(400, "x-account-id header is required");
    if (!accounts.includes(account)) return error(404, "Account not found");
    if (req.method === "POST" && req.path === "/unified/crm/contacts") return create(req.body, account);
    const one = /^\/unified\/crm\/contacts\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && one) {
      const id = decodeURIComponent(one[1]);
      return accountOf.get(id) === account ? { status: 200, body: { data: contacts.get(id) } } : error(404, "Resource not found");
    }
    return error(404, `Cannot ${req.method} ${req.path}`);
  }

  return { handler, credentials: { API_KEY: apiKey }, defaultConnectionId: accounts[0], contacts, stats };
}
