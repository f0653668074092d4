import { randomUUID } from "node:crypto";
import { INVALID_JSON, type SimRequest, type SimResponse } from "../../../src/sandbox/http.js";
import type { Simulator } from "../../../src/providers/types.js";
import { records, type Records } from "../../../src/sandbox/records.js";

export interface ScratchSimulator extends Simulator {
  contacts: Records<{ id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string }>;
  stats: { creates: number; requests: number };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A HubSpot-like CRM: an email is required and unique (409 naming the existing contact). */
export function createScratchSimulator(token = "sandbox-scratch-token"): ScratchSimulator {
  const contacts: ScratchSimulator["contacts"] = records();
  const stats = { creates: 0, requests: 0 };
  let nextId = 1001;
  const reply = (status: number, body: unknown): SimResponse => ({ status, body, headers: { "x-hubspot-correlation-id": randomUUID() } });
  const error = (status: number, category: string, message: string) =>
    reply(status, { status: "error", message, correlationId: randomUUID(), category });

  function create(request: SimRequest): SimResponse {
    const properties = (request.body as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (request.body === INVALID_JSON || typeof properties !== "object" || properties === null)
      return error(400, "VALIDATION_ERROR", "Invalid input JSON.");
    if (typeof properties.email !== "string" || !EMAIL.test(properties.email))
      return error(400, "VALIDATION_ERROR", "Property values were not valid: email");
    const existing = [...contacts.values()].find((contact) => contact.properties.email === properties.email);
    if (existing) return error(409, "CONFLICT", `Contact already exists. Existing ID: ${existing.id}`);
    const now = new Date().toISOString();
    const contact = { id: String(nextId++), properties: properties as Record<string, string>, createdAt: now, updatedAt: now };
    contacts.set(contact.id, contact);
    stats.creates++;
    return reply(201, contact);
  }

  async function handler(request: SimRequest): Promise<SimResponse> {
    stats.requests++;
    if (request.headers.authorization !== `Bearer ${token}`)
      return error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.");
    if (request.method === "POST" && request.path === "/crm/v3/objects/contacts") return create(request);
    const show = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(request.path);
    if (request.method === "GET" && show) {
      const contact = contacts.get(decodeURIComponent(show[1]));
      return contact ? reply(200, contact) : error(404, "OBJECT_NOT_FOUND", "Object not found.");
    }
    return error(404, "NOT_FOUND", "Not found.");
  }

  return { handler, credentials: { TOKEN: token }, contacts, stats };
}
