import type { Context } from "../context.js";
import { ProviderError } from "../errors.js";
import { ContactUserErrorCode, type ContactProvider } from "../graphql/enums.js";
import { CreateContactOutcome, type CreateContactPayload } from "../graphql/payload.js";
import { userError } from "../providers/fields.js";
import { providers } from "../providers/index.js";
import { metrics } from "../telemetry/metrics.js";
import { storeKey } from "./key.js";
import { isUnknownOutcome } from "./outcome.js";
import { IDEMPOTENCY_TTL_MS, type StoredRecord } from "./types.js";

export interface IdempotencyScope {
  provider: ContactProvider;
  connectionId?: string;
  key?: string | null;
  /** inputHash() of the caller's input; present whenever `key` is. */
  inputHash?: string;
  timeoutMs: number;
}

/**
 * Runs `create` at most once per key + input within 24 h, across every instance sharing the store.
 * Final results (a contact, a provider's rejection) and failures after the provider may have acted
 * (UNKNOWN, an unreadable 2xx) are kept; a failure that created nothing (refused, rate limited,
 * misconfigured, or any failure at an idempotent provider) releases the key so the caller can retry.
 */
export async function withIdempotency(ctx: Context, scope: IdempotencyScope, create: () => Promise<CreateContactPayload>): Promise<CreateContactPayload> {
  if (!scope.key || !scope.inputHash) return create();
  const label = providers[scope.provider].label;
  const store = ctx.idempotency;
  const key = storeKey(scope.provider, scope.connectionId, scope.key);
  const hash = scope.inputHash;
  // The lock outlives the longest call (timeout budget, retries included) with room to spare.
  const lockMs = scope.timeoutMs * 2 + 5_000;
  const giveUpAt = Date.now() + lockMs;
  const unavailable = (message: string, outcome?: "UNKNOWN") => new ProviderError("PROVIDER_UNAVAILABLE", message, { provider: label, outcome });

  for (;;) {
    const claim = await store.claim(key, hash, lockMs).catch(() => {
      throw unavailable("The idempotency store is unreachable; nothing was sent.");
    });
    if (claim.lead) {
      // The contact exists whether or not the store could record it: a store failure is logged, not answered.
      const logged = (p: Promise<void>) => p.catch((err: Error) => ctx.logger.error({ err: { name: err.name } }, "idempotency store write failed"));
      return lead(create, (record) => logged(store.finish(key, record, IDEMPOTENCY_TTL_MS)), () => logged(store.release(key)), hash);
    }
    const { record } = claim;
    if (record.hash !== hash) return reused();
    if (record.state === "done") {
      metrics.idempotencyReplays.inc({ provider: label });
      return replay(record.result, label);
    }
    if (Date.now() >= giveUpAt) throw unavailable("A request with this idempotency key is still in progress; its outcome is not known yet.", "UNKNOWN");
    await store.wait(key, giveUpAt - Date.now());
  }
}

async function lead(create: () => Promise<CreateContactPayload>, finish: (r: StoredRecord) => Promise<void>, release: () => Promise<void>, hash: string) {
  let payload: CreateContactPayload;
  try {
    payload = await create();
  } catch (err) {
    if (reachedProvider(err)) await finish({ hash, state: "done", result: { kind: "error", code: err.code, message: err.message, extensions: err.details } });
    else await release();
    throw err;
  }
  await finish({ hash, state: "done", result: { kind: "payload", payload } });
  return payload;
}

/**
 * A failure after which the provider may hold the contact: sending again could create it twice.
 * Every such failure says outcome UNKNOWN (an unreadable 2xx to a non-idempotent create included);
 * anything else created nothing (a failed token exchange, an error an idempotent provider itself replays).
 */
const reachedProvider = (err: unknown): err is ProviderError => isUnknownOutcome(err);

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
  userErrors: [userError(["idempotencyKey"], ContactUserErrorCode.IDEMPOTENCY_KEY_REUSED, "This idempotency key was used with a different input in the last 24 h; use a new key.")],
  warnings: [],
});
