import { randomUUID } from "node:crypto";
import { hex, INVALID_JSON, type SimRequest, type SimResponse } from "../../sandbox/http.js";
import type { Simulator } from "../types.js";
import { validateAlloyCreate, type SimFieldError } from "./simulator-rules.js";
import { records, type Records } from "../../sandbox/records.js";

// Follows https://alloy-docs.netlify.app/reference/unified-api/create-contact-1 (200 {contact}),
// https://docs-uapi.runalloy.com/docs/authentication (Bearer key, credentialId per connection).
// The error body is undocumented (400, empty schema); this one uses {error, message, errors[{field, message}]}.

export interface AlloySimulator extends Simulator {
  /** Every stored contact as the simulator returns it, by Alloy id. */
  contacts: Records<Record<string, unknown>>;
  /** remoteFields as received (Alloy passes them to the app behind it; the contact does not echo them). */
  remoteFields: Records<Record<string, unknown>>;
  stats: { creates: number; requests: number };
}

const error = (status: number, name: string, message: string, errors?: SimFieldError[]): SimResponse => ({
  status,
  body: { error: name, message, ...(errors ? { errors } : {}) },
});

const nulls = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, null]));
const ADDRESS_KEYS = ["addressType", "street1", "street2", "city", "state", "countrySubdivision", "country", "postalCode"];

function toContact(body: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString(); // ISO-8601 with milliseconds, as Alloy answers
  const list = (key: string, fill: string[]) => ((body[key] as object[] | undefined) ?? []).map((item) => ({ ...nulls(fill), ...item }));
  return {
    remoteId: `sandbox-remote-${hex(6)}`,
    firstName: body.firstName ?? null,
    lastName: body.lastName,
    account: typeof body.account === "string" ? { name: body.account } : null,
    addresses: list("addresses", ADDRESS_KEYS),
    emailAddresses: list("emailAddresses", ["emailAddressType"]),
    phoneNumbers: list("phoneNumbers", ["phoneNumberType"]),
    lastActivityAt: null,
    id: `sandbox-${randomUUID()}`,
    remoteCreatedAt: now,
    remoteUpdatedAt: now,
    remoteDeleted: false,
    createdAt: now,
    updatedAt: now,
  };
}

export function createAlloySimulator(apiKey = "sandbox-alloy-api-key", credentialIds: string[] = ["sandbox-credential-1"]): AlloySimulator {
  const contacts = records<Record<string, unknown>>();
  const owners = records<string>();
  const remoteFields = records<Record<string, unknown>>();
  const stats = { creates: 0, requests: 0 };

  function create(req: SimRequest, credentialId: string): SimResponse {
    if (req.body === INVALID_JSON || typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
      return error(400, "Bad Request", "The request body must be a JSON object.");
    const body = req.body as Record<string, unknown>;
    const errors = validateAlloyCreate(body);
    if (errors.length) return error(400, "Bad Request", "Validation failed.", errors);
    const contact = toContact(body);
    const id = contact.id as string;
    contacts.set(id, contact);
    owners.set(id, credentialId);
    if (body.remoteFields) remoteFields.set(id, body.remoteFields as Record<string, unknown>);
    stats.creates++;
    return { status: 200, body: { contact } };
  }

  async function handler(req: SimRequest): Promise<SimResponse> {
    stats.requests++;
    const auth = /^bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ""));
    if (auth?.[1] !== apiKey) return error(401, "Unauthorized", "Invalid or missing authentication.");
    const credentialId = req.query.get("credentialId");
    if (!credentialId)
      return error(400, "Bad Request", "credentialId is required.", [{ field: "credentialId", message: "credentialId is required." }]);
    if (!credentialIds.includes(credentialId)) return error(404, "Not Found", "Credential not found.");

    if (req.path === "/one/crm/contacts" && req.method === "POST") return create(req, credentialId);
    if (req.path === "/one/crm/contacts" && req.method === "GET")
      return { status: 200, body: { contacts: [...contacts.values()].filter((c) => owners.get(c.id as string) === credentialId) } };
    const show = /^\/one\/crm\/contacts\/([^/]+)$/.exec(req.path);
    if (show && req.method === "GET") {
      const id = decodeURIComponent(show[1]);
      // Scoped to the credential: another connection's contact does not exist for this one.
      const contact = owners.get(id) === credentialId ? contacts.get(id) : undefined;
      return contact ? { status: 200, body: { contact } } : error(404, "Not Found", "Contact not found.");
    }
    return error(404, "Not Found", "The endpoint does not exist.");
  }

  return {
    handler,
    basePath: "/2024-03",
    credentials: { API_KEY: apiKey },
    defaultConnectionId: credentialIds[0],
    contacts,
    remoteFields,
    stats,
  };
}
