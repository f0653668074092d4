import type { Context } from "../context.js";
import { type CreateOutcome, ProviderError } from "../errors.js";
import { ContactUserErrorCode, type ContactProvider } from "../graphql/enums.js";
import { CreateContactOutcome, type CreateContactPayload } from "../graphql/payload.js";
import { userError } from "../providers/fields.js";
import { providers } from "../providers/index.js";
import { metrics } from "../telemetry/metrics.js";
import { storeKey } from "./key.js";
import { IDEMPOTENCY_TTL_MS, type StoredRecord } from "./types.js";

export interface IdempotencyScope {
  provider: ContactProvider;
  connectionId?: string;
  key?: string | null;
  /** inputHash() of the caller's input; present whenever `key` is. */
  inputHash?: string;
  timeoutMs: number;
  /**
   * The provider itself deduplicates a resend of this create (the Idempotency-Key derived from
   * the caller's key, scope and input): after a failure the caller's retry with the same input is
   * sent again and fetches the provider's stored answer instead of our UNKNOWN.
   */
  resendIsSafe?: boolean;
}

/**
 * Runs `create` at most once per key + input within 24 h, across every instance sharing the store.
 * Final results (a contact, a provider's rejection) and failures after the provider may have acted
 * (outcome UNKNOWN) are kept; a failure that created nothing (outcome NOT_CREATED: refused, rate
 * limited, misconfigured) releases the key; any other failure at a provider that deduplicates resends
 * leaves it open to the same input only.
 */
export async function withIdempotency(
  ctx: Context,
  scope: IdempotencyScope,
  create: () => Promise<CreateContactPayload>,
): Promise<CreateContactPayload> {
  if (!scope.key || !scope.inputHash) return create();
  const label = providers[scope.provider].label;
  const store = ctx.idempotency;
  const key = storeKey(scope.provider, scope.connectionId, scope.key);
  const hash = scope.inputHash;
  // A waiter gives up after the longest call (timeout budget, retries included) with room to spare, and
  // answers UNKNOWN; the pending record itself lives the key's 24 h unless replaced by the result or
  // released because nothing was sent: a lost write or a crashed instance never frees the key.
  const giveUpAt = Date.now() + scope.timeoutMs * 2 + 5_000;
  const unavailable = (message: string, outcome: CreateOutcome) =>
    new ProviderError("PROVIDER_UNAVAILABLE", message, { provider: label, outcome });

  for (;;) {
    const claim = await store.claim(key, hash, IDEMPOTENCY_TTL_MS).catch(() => {
      throw unavailable("The idempotency store is unreachable; nothing was sent.", "NOT_CREATED");
    });
    if (claim.lead) {
      // The contact exists whether or not the store could record it: the store keeps trying, the caller is answered.
      const logged = (p: Promise<void>) =>
        p.catch((err: Error) => ctx.logger.error({ err: { name: err.name } }, "idempotency store write failed"));
      return lead(
        create,
        (record) => logged(store.finish(key, record, IDEMPOTENCY_TTL_MS)),
        () => logged(store.release(key)),
        hash,
        !!scope.resendIsSafe,
      );
    }
    const { record } = claim;
    if (record.hash !== hash) return reused();
    if (record.state === "evicted")
      throw unavailable(
        "The result of the first request with this idempotency key is no longer kept (the in-process store was full); the contact may exist.",
        "UNKNOWN",
      );
    if (record.state === "done") {
      metrics.idempotencyReplays.inc({ provider: label });
      return replay(record.result, label);
    }
    if (Date.now() >= giveUpAt)
      throw unavailable(
        "A request with this idempotency key is still in progress, or its result could not be recorded; the contact may exist.",
        "UNKNOWN",
      );
    await store.wait(key, giveUpAt - Date.now());
  }
}

async function lead(
  create: () => Promise<CreateContactPayload>,
  finish: (r: StoredRecord) => Promise<void>,
  release: () => Promise<void>,
  hash: string,
  resendIsSafe: boolean,
) {
  let payload: CreateContactPayload;
  try {
    payload = await create();
  } catch (err) {
    if (err instanceof ProviderError) {
      if (err.details.outcome === "NOT_CREATED") await release();
      // The provider replays a resend of this input; another input under this key could create a second contact.
      else if (resendIsSafe) await finish({ hash, state: "resendable" });
      // The provider may hold the contact (an error that does not say counts as UNKNOWN): sending again could create it twice.
      else
        await finish({
          hash,
          state: "done",
          result: { kind: "error", code: err.code, message: err.message, extensions: { ...err.details, outcome: "UNKNOWN" } },
        });
    }
    // Anything else is a bug that may have struck after the send: the key stays pending, answered UNKNOWN, until it expires.
    throw err;
  }
  await finish({ hash, state: "done", result: { kind: "payload", payload } });
  return payload;
}

function replay(result: Extract<StoredRecord, { state: "done" }>["result"], label: string): CreateContactPayload {
  if (result.kind === "payload") return result.payload;
  throw new ProviderError(result.code, `Replayed from the first request with this idempotency key: ${result.message}`, {
    ...result.extensions,
    provider: result.extensions.provider ?? label,
  });
}

const reused = (): CreateContactPayload => ({
  contact: null,
  outcome: CreateContactOutcome.NOT_CREATED,
  userErrors: [
    userError(
      ["idempotencyKey"],
      ContactUserErrorCode.IDEMPOTENCY_KEY_REUSED,
      "This idempotency key was used with a different input in the last 24 h; use a new key.",
    ),
  ],
  warnings: [],
});
