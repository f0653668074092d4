import type { ContactRecord } from "../../../src/graphql/contact.js";
import type { Upstream, UpstreamRequest } from "../../../src/providers/http.js";
import { parseResponse } from "../../../src/providers/parse.js";
import type { ContactClient, CreateCall } from "../../../src/providers/types.js";
import { fromScratchContact, toScratchCreateContact } from "./mapper.js";
import type { ScratchContactOptions } from "./options.js";
import { scratchContact } from "./types.js";

export class ScratchClient implements ContactClient {
  constructor(private readonly upstream: Upstream) {}

  // POST /crm/v3/objects/contacts; no idempotency key, so a create that fails after sending is UNKNOWN.
  createRequest(call: CreateCall<ScratchContactOptions>): UpstreamRequest {
    return {
      method: "POST",
      path: "crm/v3/objects/contacts",
      template: "crm/v3/objects/contacts",
      body: toScratchCreateContact(call.input, call.options),
    };
  }

  async create(call: CreateCall<ScratchContactOptions>): Promise<ContactRecord> {
    const response = await this.upstream.send(this.createRequest(call));
    return fromScratchContact(parseResponse("Scratch", scratchContact, response));
  }

  // GET /crm/v3/objects/contacts/{id}
  async read(providerId: string): Promise<ContactRecord | null> {
    const response = await this.upstream.find({
      method: "GET",
      path: `crm/v3/objects/contacts/${encodeURIComponent(providerId)}`,
      template: "crm/v3/objects/contacts/{id}",
    });
    return response && fromScratchContact(parseResponse("Scratch", scratchContact, response));
  }
}
