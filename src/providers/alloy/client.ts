import type { ContactRecord } from "../../graphql/contact.js";
import { notConfigured } from "../../errors.js";
import type { Upstream, UpstreamRequest } from "../http.js";
import { parseResponse } from "../parse.js";
import type { ContactClient, CreateCall } from "../types.js";
import { fromAlloyContact, toAlloyCreateContact } from "./mapper.js";
import type { AlloyContactOptions } from "./options.js";
import { alloyContactEnvelope } from "./types.js";

export class AlloyClient implements ContactClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly defaultCredentialId?: string,
  ) {}

  // https://alloy-docs.netlify.app/reference/unified-api/create-contact-1
  // No idempotency key is documented: a create whose answer is lost may have been applied, and is never resent.
  // The connection id was checked present before (connection: "required").
  createRequest(call: CreateCall<AlloyContactOptions>): UpstreamRequest {
    return {
      method: "POST",
      path: "one/crm/contacts",
      template: "one/crm/contacts",
      connectionId: call.connectionId ?? this.defaultCredentialId,
      query: { credentialId: call.connectionId ?? this.defaultCredentialId },
      body: toAlloyCreateContact(call.input, call.options),
    };
  }

  async create(call: CreateCall<AlloyContactOptions>): Promise<ContactRecord> {
    const response = await this.upstream.send(this.createRequest(call));
    return fromAlloyContact(parseResponse("Alloy", alloyContactEnvelope, response).contact);
  }

  // Inferred, not seen in the docs: the guide says contacts support GET by id
  // (https://docs-uapi.runalloy.com/docs/contact-synchronization) and the list is
  // GET one/crm/contacts?credentialId= → {contacts} (https://docs.runalloy.com/reference/unified-api/list-contacts);
  // by Alloy's REST convention the single contact is GET one/crm/contacts/{id}?credentialId= → {contact}.
  async read(providerId: string, connectionId?: string): Promise<ContactRecord | null> {
    const credentialId = connectionId ?? this.defaultCredentialId;
    if (!credentialId) throw notConfigured("Alloy", "reading a contact back needs a credential id: set ALLOY_CREDENTIAL_ID.");
    // A 404 here may also mean an unknown credential; both leave nothing to resolve.
    const response = await this.upstream.find({
      method: "GET",
      path: `one/crm/contacts/${encodeURIComponent(providerId)}`,
      template: "one/crm/contacts/{id}",
      connectionId: credentialId,
      query: { credentialId },
    });
    return response && fromAlloyContact(parseResponse("Alloy", alloyContactEnvelope, response).contact);
  }
}
