import { randomUUID } from "node:crypto";
import type { Context } from "./context.js";
import { UpstreamRejection } from "./errors.js";
import type { Contact, ContactRecord } from "./graphql/contact.js";
import { ContactUserErrorCode, type ContactProvider } from "./graphql/enums.js";
import type { CreateContactInput } from "./graphql/inputs.js";
import type { ContactRequestPreview, CreateContactPayload } from "./graphql/payload.js";
import { checkFields, notSupported, userError, type Issues } from "./providers/fields.js";
import { encodeContactId } from "./providers/global-id.js";
import { providerList, providers } from "./providers/index.js";
import { normalizeInput } from "./providers/normalize.js";
import type { CreateCall, ProviderConfig } from "./providers/types.js";

export interface CreateContactArgs {
  provider: ContactProvider;
  input: CreateContactInput;
  connectionId?: string | null;
  idempotencyKey?: string | null;
}

interface Prepared extends Issues {
  call: CreateCall;
  config: ProviderConfig;
}

/**
 * Everything that happens before a call: configuration, normalisation, the provider's required
 * fields and limits, and warnings for what it cannot store. Shared by create and preview, so the
 * preview answers exactly what a create would.
 */
export function prepareCreate(ctx: Context, args: CreateContactArgs): Prepared {
  const def = providers[args.provider];
  const config = ctx.providerConfig(args.provider);
  const { input, userErrors } = normalizeInput(args.input);
  const options = input[def.optionsKey] as unknown;
  const fields = checkFields(def.label, def.fields, input);
  const extra = userErrors.length ? {} : def.check?.(input, options) ?? {};
  const warnings = [...fields.warnings, ...(extra.warnings ?? [])];
  userErrors.push(...fields.userErrors, ...(extra.userErrors ?? []));

  for (const other of providerList)
    if (other !== def && input[other.optionsKey] != null)
      warnings.push(notSupported(["input", other.optionsKey], `Options for ${other.label} are ignored by ${def.label}.`));

  let connectionId: string | undefined;
  if (def.connection === "none") {
    if (args.connectionId) warnings.push(notSupported(["connectionId"], `${def.label} has no connections; connectionId was ignored.`));
  } else {
    connectionId = args.connectionId ?? config.defaultConnectionId;
    if (!connectionId && def.connection === "required")
      userErrors.push(userError(["connectionId"], ContactUserErrorCode.REQUIRED,
        `${def.label} needs a connection id: pass connectionId or set ${def.env.prefix}_${def.env.connection}.`));
  }

  const key = args.idempotencyKey;
  if (key !== undefined && key !== null && (key.length < 1 || key.length > 255 || /[^\x21-\x7e]/.test(key)))
    userErrors.push(userError(["idempotencyKey"], ContactUserErrorCode.INVALID, "idempotencyKey must be 1 to 255 visible ASCII characters."));

  return { userErrors, warnings, config, call: { input, options, connectionId, idempotencyKey: key ?? randomUUID() } };
}

export function toContact(provider: ContactProvider, connectionId: string | undefined, record: ContactRecord, sandbox: boolean): Contact {
  return {
    ...record,
    id: encodeContactId({ provider, connectionId: connectionId ?? null, providerId: record.providerId, sandbox }),
    provider,
    connectionId: connectionId ?? null,
  };
}

export async function createContact(ctx: Context, args: CreateContactArgs): Promise<CreateContactPayload> {
  const { userErrors, warnings, call, config } = prepareCreate(ctx, args);
  if (userErrors.length) return { contact: null, userErrors, warnings };
  try {
    const record = await ctx.client(args.provider).create(call);
    return { contact: toContact(args.provider, call.connectionId, record, config.sandbox), userErrors: [], warnings };
  } catch (err) {
    if (err instanceof UpstreamRejection) return { contact: null, userErrors: err.userErrors, warnings };
    throw err;
  }
}

export function previewCreateContact(ctx: Context, args: CreateContactArgs): ContactRequestPreview {
  const { userErrors, warnings, call } = prepareCreate(ctx, args);
  // With user errors no request would be sent, and the mappers may rely on what was missing.
  if (userErrors.length) return { provider: args.provider, method: null, url: null, headers: null, body: null, userErrors, warnings };
  const request = ctx.upstream(args.provider).describe(ctx.client(args.provider).createRequest(call));
  return { provider: args.provider, ...request, userErrors, warnings };
}
