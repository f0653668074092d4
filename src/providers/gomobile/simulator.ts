import { randomUUID } from "node:crypto";
import { INVALID_JSON, type SimRequest, type SimResponse } from "../../sandbox/http.js";
import type { Simulator } from "../types.js";
import { validateGomobileContact } from "./simulator-rules.js";
import { records, type Records } from "../../sandbox/records.js";

// Follows https://docs.gomobile.ma/api-reference/contacts (create, get by id with custom
// attributes), the lengths of https://docs.gomobile.ma/core-concepts/contacts and the E.164 rule
// of the FAQ. Error bodies are NestJS's defaults [I]: Gomobile documents none.

/** A sandbox organisation: "5a4db0c5" reads "sandbox" closely enough, and stays a uuid. */
export const SANDBOX_ORGANIZATION_ID = "5a4db0c5-0000-4000-8000-000000000000";

export interface GomobileSimulator extends Simulator {
  /** Contacts as the create answered them (custom attributes are kept in `attributes`). */
  contacts: Records<Record<string, unknown>>;
  attributes: Map<string, Record<string, unknown>>;
  stats: { creates: number; requests: number };
}

const OPTIONAL_FIELDS = [
  "firstName",
  "lastName",
  "fullName",
  "primaryEmail",
  "address",
  "city",
  "state",
  "zip",
  "occupation",
  "preferredChannel",
  "gender",
];

const nest = (statusCode: number, error: string, message: string | string[]): SimResponse => ({
  status: statusCode,
  body: { statusCode, message, error },
});

const attributeType = (v: unknown) => (typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "text");

/** The read-back's array of typed attributes, as the get-by-id page shows it. */
const toAttributeList = (map: Record<string, unknown>) =>
  Object.entries(map).map(([name, value]) => ({
    name,
    displayName: name,
    type: attributeType(value),
    value,
    isLocked: false,
    description: null,
  }));

export function createGomobileSimulator(apiKey = "sandbox-gomobile-key"): GomobileSimulator {
  const contacts = records<Record<string, unknown>>();
  const attributes = new Map<string, Record<string, unknown>>();
  const stats = { creates: 0, requests: 0 };

  function create(req: SimRequest): SimResponse {
    if (req.body === INVALID_JSON || typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
      return nest(400, "Bad Request", "The request body must be a JSON object.");
    const body = req.body as Record<string, unknown>;
    const messages = validateGomobileContact(body);
    if (messages.length) return nest(400, "Bad Request", messages);
    const now = new Date().toISOString();
    const field = (k: string) => (body[k] as string | undefined) ?? null;
    const contact = {
      id: randomUUID(),
      organizationId: SANDBOX_ORGANIZATION_ID,
      primaryPhone: body.primaryPhone,
      channels: (body.channels as string[] | undefined) ?? [],
      createdAt: now,
      updatedAt: now,
      ...Object.fromEntries(OPTIONAL_FIELDS.map((k) => [k, field(k)])),
    };
    contacts.set(contact.id, contact);
    attributes.set(contact.id, (body.customAttributes as Record<string, unknown> | undefined) ?? {});
    stats.creates++;
    return { status: 201, body: contact };
  }

  async function handler(req: SimRequest): Promise<SimResponse> {
    stats.requests++;
    if (req.headers["x-api-key"] !== apiKey) return nest(401, "Unauthorized", "Invalid or missing API key");
    if (req.method === "POST" && req.path === "/contact") return create(req);
    const show = /^\/contact\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && show) {
      const id = decodeURIComponent(show[1]);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
        return nest(400, "Bad Request", "Validation failed (uuid is expected)");
      const contact = contacts.get(id);
      if (!contact) return nest(404, "Not Found", "Contact not found");
      return { status: 200, body: { ...contact, customAttributes: toAttributeList(attributes.get(id) ?? {}) } };
    }
    return nest(404, "Not Found", `Cannot ${req.method} /api${req.path}`);
  }

  return { handler, basePath: "/api", credentials: { API_KEY: apiKey }, contacts, attributes, stats };
}
