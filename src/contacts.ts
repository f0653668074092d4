import { randomUUID } from "node:crypto";
import type { GraphQLScalarType } from "graphql";
import { connectionNotAllowed } from "./access.js";
import type { Context } from "./context.js";
import type { CreateContactArgs } from "./graphql/args.js";
import { ProviderError, UpstreamRejection, withOutcome } from "./errors.js";
import type { Contact, ContactRecord } from "./graphql/contact.js";
import type { CreateContactInput } from "./graphql/inputs.js";
import { DateTime, LocalDate } from "./graphql/scalars.js";
import { toCountryCode } from "./providers/country.js";
import { ContactUserErrorCode, type ContactProvider } from "./graphql/enums.js";
import { CreateContactOutcome, type ContactRequestPreview, type CreateContactPayload } from "./graphql/payload.js";
import { inputHash, upstreamIdempotencyKey } from "./idempotency/key.js";
import { failedCreatePayload } from "./idempotency/outcome.js";
import { withIdempotency } from "./idempotency/run.js";
import { checkFields, notSupported, userError, type Issues } from "./providers/fields.js";
import { encodeContactId } from "./providers/global-id.js";
import { CONNECTION_ID_RULE, isConnectionId } from "./providers/ids.js";
import { providerList, providers } from "./providers/index.js";
import { fits, normalizeInput } from "./providers/normalize.js";
import type { CreateCall, ProviderConfig } from "./providers/types.js";

interface Prepared extends Issues {
  call: CreateCall;
  config: ProviderConfig;
  /** Hash of the caller's input, when an idempotencyKey was given (the store and the upstream Idempotency-Key both use it). */
  inputHash?: string;
  /** A path into `call.input` as the caller wrote it (blank list items were dropped): for the provider's own rejections. */
  callerPath(field: string[]): string[];
}

/**
 * Everything that happens before a call: configuration, normalisation, the provider's required
 * fields and limits, and warnings for what it cannot store. Shared by create and preview, so the
 * preview answers exactly what a create would.
 */
export function prepareCreate(ctx: Context, args: CreateContactArgs): Prepared {
  const definition = providers[args.provider];
  const config = ctx.providerConfig(args.provider);
  const { input, userErrors, callerPath } = normalizeInput(args.input);
  const options = input[definition.optionsKey] as unknown;
  // The provider's rules run even when a format is wrong, so one answer lists every problem. They
  // see `input` (where lists may have lost blank items); their paths go back to the caller's.
  const fields = checkFields(definition.label, definition.fields, input);
  const extra = definition.check?.(input, options) ?? {};
  const atCaller = <T extends { field: string[] | null }>(issue: T): T => ({ ...issue, field: issue.field && callerPath(issue.field) });
  const warnings = [...fields.warnings, ...(extra.warnings ?? [])].map(atCaller);
  // A value the normaliser already called INVALID (an unreadable phone) gets no second error for its length.
  const invalid = new Set(userErrors.map((e) => e.field?.join(".")));
  userErrors.push(...[...fields.userErrors, ...(extra.userErrors ?? [])].map(atCaller).filter((e) => !invalid.has(e.field?.join("."))));

  for (const other of providerList)
    if (other !== definition && input[other.optionsKey] != null)
      warnings.push(notSupported(["input", other.optionsKey], `Options for ${other.label} are ignored by ${definition.label}.`));

  // A blank connection id counts as absent, like every blank string: the default applies.
  const given = args.connectionId?.trim() || undefined;
  let connectionId: string | undefined;
  if (definition.connection === "none") {
    if (given) warnings.push(notSupported(["connectionId"], `${definition.label} has no connections; connectionId was ignored.`));
  } else if (given && !isConnectionId(given)) {
    // It would go into a header or a query: refused here, so no caller's line break or NUL ever reaches one.
    userErrors.push(userError(["connectionId"], ContactUserErrorCode.INVALID, `connectionId must be ${CONNECTION_ID_RULE}.`));
  } else {
    connectionId = given ?? config.defaultConnectionId;
    if (!connectionId && definition.connection === "required")
      userErrors.push(
        userError(
          ["connectionId"],
          ContactUserErrorCode.REQUIRED,
          `${definition.label} needs a connection id: pass connectionId or set ${definition.env.prefix}_${definition.env.connection}.`,
        ),
      );
  }
  const denied = connectionNotAllowed(ctx.config, args.provider, connectionId);
  if (denied) userErrors.push(denied);

  const key = args.idempotencyKey;
  if (key !== undefined && key !== null && (key.length < 1 || key.length > 255 || /[^\x21-\x7e]/.test(key)))
    userErrors.push(
      userError(["idempotencyKey"], ContactUserErrorCode.INVALID, "idempotencyKey must be 1 to 255 visible ASCII characters."),
    );

  // The Idempotency-Key for providers that honour one: derived from the caller's key, scope and input (idempotency/key.ts), or one per mutation.
  // Only a valid input is hashed: the hash reads every value, and normalisation bounded them first.
  const hash = key && !userErrors.length ? inputHash(args.input) : undefined;
  const upstreamKey = key && hash ? upstreamIdempotencyKey(args.provider, connectionId, key, hash) : randomUUID();
  return { userErrors, warnings, config, inputHash: hash, callerPath, call: { input, options, connectionId, idempotencyKey: upstreamKey } };
}

export function toContact(provider: ContactProvider, connectionId: string | undefined, record: ContactRecord, sandbox: boolean): Contact {
  return {
    ...record,
    id: encodeContactId({ provider, connectionId: connectionId ?? null, providerId: record.providerId, sandbox }),
    provider,
    connectionId: connectionId ?? null,
    // A provider's value that its output type cannot carry (a timestamp without a zone, text where a date
    // goes) is null here and stays in providerData: it would fail the whole field, its text in the message.
    addresses: record.addresses.map((address) => ({ ...address, countryCode: toCountryCode(address.countryCode) })),
    dateOfBirth: fitting(LocalDate, record.dateOfBirth),
    createdAt: fitting(DateTime, record.createdAt),
    updatedAt: fitting(DateTime, record.updatedAt),
  };
}

const fitting = (scalar: GraphQLScalarType, value: string | null | undefined) => (value != null && fits(scalar, value) ? value : null);

/**
 * A path the provider named, cut to what the caller sent: its first field comes from the provider's own
 * table of names, but what follows can be its text (a custom field's key, say) and becomes a path only
 * as far as the input has it. `["input", "customFields", "<anything>"]` stays `["input", "customFields"]`.
 */
function sentPath(input: CreateContactInput, field: string[]): string[] {
  let node: unknown = input;
  let depth = 2;
  for (; depth < field.length; depth++) {
    node = (node as Record<string, unknown> | null | undefined)?.[field[depth - 1]];
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, field[depth])) break;
  }
  return field.slice(0, depth);
}

/** A duplicate names the contact it collides with by its global id, so a caller can read it through `_entities`. */
function withExistingContact(rejection: UpstreamRejection, provider: ContactProvider, connectionId: string | undefined, sandbox: boolean) {
  const providerId = rejection.existingProviderId;
  if (!providerId) return rejection.userErrors;
  const existingContactId = encodeContactId({ provider, connectionId: connectionId ?? null, providerId, sandbox });
  return rejection.userErrors.map((error) => (error.code === ContactUserErrorCode.DUPLICATE ? { ...error, existingContactId } : error));
}

export async function createContact(ctx: Context, args: CreateContactArgs): Promise<CreateContactPayload> {
  let prepared: Prepared;
  try {
    prepared = prepareCreate(ctx, args);
  } catch (err) {
    // Configuration is read before anything is sent (PROVIDER_NOT_CONFIGURED).
    if (err instanceof ProviderError) return failedCreatePayload(withOutcome(err, "NOT_CREATED"), []);
    throw err;
  }
  const { userErrors, warnings, call, config, inputHash: hash, callerPath } = prepared;
  if (userErrors.length) return { contact: null, outcome: CreateContactOutcome.NOT_CREATED, userErrors, warnings };
  const client = ctx.client(args.provider);
  const scope = {
    provider: args.provider,
    connectionId: call.connectionId,
    key: args.idempotencyKey,
    inputHash: hash,
    timeoutMs: config.timeoutMs,
    // A create that carries an Idempotency-Key (derived from the caller's key) is deduplicated by the provider.
    resendIsSafe: client.createRequest(call).headers?.["idempotency-key"] !== undefined,
  };
  try {
    return await withIdempotency(ctx, scope, async () => {
      try {
        const record = await client.create(call);
        return {
          contact: toContact(args.provider, call.connectionId, record, config.sandbox),
          outcome: CreateContactOutcome.CREATED,
          userErrors: [],
          warnings,
        };
      } catch (err) {
        if (err instanceof UpstreamRejection) {
          const rejected = withExistingContact(err, args.provider, call.connectionId, config.sandbox).map((e) => ({
            ...e,
            field: e.field && callerPath(sentPath(call.input, e.field)),
          }));
          return { contact: null, outcome: CreateContactOutcome.NOT_CREATED, userErrors: rejected, warnings };
        }
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof ProviderError) return failedCreatePayload(err, warnings);
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
