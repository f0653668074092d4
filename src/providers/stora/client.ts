import type { ContactRecord } from "../../graphql/contact.js";
import type { Upstream, UpstreamRequest } from "../http.js";
import { parseResponse } from "../parse.js";
import type { ContactClient, CreateCall } from "../types.js";
import { fromStoraContact, toStoraCreateContact } from "./mapper.js";
import type { StoraContactOptions } from "./options.js";
import { storaContactEnvelope } from "./types.js";

export class StoraClient implements ContactClient {
  constructor(private readonly upstream: Upstream) {}

  // https://docs.stora.co/2025-09/api-reference/contacts/create-a-contact
  // Stora replays a POST with the same Idempotency-Key for 24 h, so a create is safe to retry.
  createRequest(call: CreateCall<StoraContactOptions>): UpstreamRequest {
    return {
      method: "POST",
      path: "contacts",
      template: "contacts",
      headers: { "idempotency-key": call.idempotencyKey },
      body: toStoraCreateContact(call.input, call.options),
    };
  }

  async create(call: CreateCall<StoraContactOptions>): Promise<ContactRecord> {
    const response = await this.upstream.send(this.createRequest(call));
    return fromStoraContact(parseResponse("Stora", storaContactEnvelope, response).contact);
  }

  // https://docs.stora.co/2025-09/api-reference/contacts/show-a-contact
  async read(providerId: string): Promise<ContactRecord | null> {
    const response = await this.upstream.find({
      method: "GET",
      path: `contacts/${encodeURIComponent(providerId)}`,
      template: "contacts/{id}",
    });
    return response && fromStoraContact(parseResponse("Stora", storaContactEnvelope, response).contact);
  }
}
