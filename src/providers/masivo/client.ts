import type { ContactRecord } from "../../graphql/contact.js";
import { ProviderError, withOutcome, type CreateOutcome } from "../../errors.js";
import type { Upstream, UpstreamRequest } from "../http.js";
import { parseResponse } from "../parse.js";
import type { ContactClient, CreateCall, ProviderConfig } from "../types.js";
import { fromMasivoContact, toMasivoCreateContact } from "./mapper.js";
import type { MasivoContactOptions } from "./options.js";
import { invalidateMasivoToken, masivoToken, MasivoAuthorizeError } from "./token.js";
import { masivoContact } from "./types.js";

export class MasivoClient implements ContactClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly config: ProviderConfig,
  ) {}

  // https://docs.masivo.ai/api-reference/contacts/post
  // Masivo has no idempotency: once sent, a create that fails to answer may have been applied.
  createRequest(call: CreateCall<MasivoContactOptions>): UpstreamRequest {
    return {
      method: "POST",
      path: "contacts",
      template: "contacts",
      connectionId: call.connectionId,
      headers: { "x-account-id": call.connectionId },
      body: toMasivoCreateContact(call.input, call.options),
    };
  }

  async create(call: CreateCall<MasivoContactOptions>): Promise<ContactRecord> {
    // No token, no create: a failed /auth/authorize sent nothing.
    const response = await this.withFreshToken((deadline) => this.upstream.send({ ...this.createRequest(call), deadline }), "NOT_CREATED");
    return fromMasivoContact(parseResponse("Masivo", masivoContact, response));
  }

  // [I] Inferred, not documented: Masivo documents GET /contacts (list) and PUT /contacts/{id}
  // (https://docs.masivo.ai/api-reference/contacts/[id]/put), so GET /contacts/{id} answering the bare
  // contact is assumed. A 404 reads as "no such contact".
  async read(providerId: string, connectionId?: string): Promise<ContactRecord | null> {
    const request: UpstreamRequest = {
      method: "GET",
      path: `contacts/${encodeURIComponent(providerId)}`,
      template: "contacts/{id}",
      connectionId: connectionId ?? this.config.defaultConnectionId,
      headers: { "x-account-id": connectionId ?? this.config.defaultConnectionId },
    };
    const response = await this.withFreshToken((deadline) => this.upstream.find({ ...request, deadline }));
    return response && fromMasivoContact(parseResponse("Masivo", masivoContact, response));
  }

  /**
   * A JWT can be revoked or expire before its `exp` (clock skew). A 401 from Masivo created
   * nothing, so the token is dropped, a new one authorized, and the call sent once more.
   */
  private async withFreshToken<T>(send: (deadline: number) => Promise<T>, tokenFailure?: CreateOutcome): Promise<T> {
    // MASIVO_TIMEOUT_MS is the budget of the whole call: token exchanges and the resend after a 401 included.
    const deadline = performance.now() + this.config.timeoutMs;
    const token = await masivoToken(this.config, this.upstream.options).catch((err: unknown) => {
      throw tokenFailure && err instanceof ProviderError ? withOutcome(err, tokenFailure) : err;
    });
    try {
      return await send(deadline);
    } catch (err) {
      if (!(err instanceof ProviderError) || err instanceof MasivoAuthorizeError || err.details.upstreamStatus !== 401) throw err;
      invalidateMasivoToken(this.config, token);
      return send(deadline);
    }
  }
}
