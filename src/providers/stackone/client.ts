import type { ContactRecord } from "../../graphql/contact.js";
import type { Upstream, UpstreamRequest } from "../http.js";
import { parseResponse } from "../parse.js";
import type { ContactClient, CreateCall } from "../types.js";
import { fromStackOneContact, toStackOneCreateContact } from "./mapper.js";
import type { StackOneContactOptions } from "./options.js";
import { stackOneContactResult } from "./types.js";

export class StackOneClient implements ContactClient {
  /** `defaultConnectionId`: STACKONE_ACCOUNT_ID, used when a call names no linked account. */
  constructor(
    private readonly upstream: Upstream,
    private readonly defaultConnectionId?: string,
  ) {}

  // The linked account is not a secret: it is a header of the request, shown by the preview.
  private account(connectionId: string | undefined) {
    return { "x-account-id": connectionId ?? this.defaultConnectionId };
  }

  // https://docs.stackone.com/crm/api-reference/contacts/creates-a-new-contact
  // No idempotency key exists, and StackOne itself retries the CRM's 429s: a create that fails
  // after it was sent may have created the contact, so it is never retried blindly.
  createRequest(call: CreateCall<StackOneContactOptions>): UpstreamRequest {
    return {
      method: "POST",
      path: "unified/crm/contacts",
      template: "unified/crm/contacts",
      connectionId: call.connectionId ?? this.defaultConnectionId,
      headers: this.account(call.connectionId),
      body: toStackOneCreateContact(call.input, call.options),
    };
  }

  async create(call: CreateCall<StackOneContactOptions>): Promise<ContactRecord> {
    const response = await this.upstream.send(this.createRequest(call));
    return fromStackOneContact(parseResponse("StackOne", stackOneContactResult, response).data);
  }

  // https://docs.stackone.com/crm/api-reference/contacts/get-contact
  // Ids are unique within a linked account only: the read names the account the contact was made in.
  async read(providerId: string, connectionId?: string): Promise<ContactRecord | null> {
    // Without any linked account StackOne would answer 400: no contact can be found outside one.
    if (!(connectionId ?? this.defaultConnectionId)) return null;
    const response = await this.upstream.find({
      method: "GET",
      path: `unified/crm/contacts/${encodeURIComponent(providerId)}`,
      template: "unified/crm/contacts/{id}",
      connectionId: connectionId ?? this.defaultConnectionId,
      headers: this.account(connectionId),
    });
    return response && fromStackOneContact(parseResponse("StackOne", stackOneContactResult, response).data);
  }
}
