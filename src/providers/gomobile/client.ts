import type { ContactRecord } from "../../graphql/contact.js";
import type { Upstream, UpstreamRequest } from "../http.js";
import { parseResponse } from "../parse.js";
import type { ContactClient, CreateCall } from "../types.js";
import { fromGomobileContact, toGomobileCreateContact } from "./mapper.js";
import type { GomobileContactOptions } from "./options.js";
import { gomobileContact } from "./types.js";

// Gomobile's contact ids are uuids: anything else cannot exist there, so it is not asked for.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GomobileClient implements ContactClient {
  constructor(private readonly upstream: Upstream) {}

  // https://docs.gomobile.ma/api-reference/contacts ("Create contact", POST /contact)
  // No idempotency key exists: a create that times out after sending may or may not have happened.
  createRequest(call: CreateCall<GomobileContactOptions>): UpstreamRequest {
    return {
      method: "POST",
      path: "contact",
      template: "contact",
      body: toGomobileCreateContact(call.input, call.options),
    };
  }

  async create(call: CreateCall<GomobileContactOptions>): Promise<ContactRecord> {
    const response = await this.upstream.send(this.createRequest(call));
    return fromGomobileContact(parseResponse("Gomobile", gomobileContact, response));
  }

  // https://docs.gomobile.ma/api-reference/contacts/get-contact-by-id-with-custom-attributes
  async read(providerId: string): Promise<ContactRecord | null> {
    if (!UUID.test(providerId)) return null;
    const response = await this.upstream.find({
      method: "GET",
      path: `contact/${encodeURIComponent(providerId)}`,
      template: "contact/{id}",
    });
    return response && fromGomobileContact(parseResponse("Gomobile", gomobileContact, response));
  }
}
