import DataLoader from "dataloader";
import { toContact } from "./contacts.js";
import type { Context } from "./context.js";
import type { Contact, ContactRecord } from "./graphql/contact.js";
import { BadUserInputError, badResponse, refusedCall, UpstreamRejection } from "./errors.js";
import { BulkheadRejectedError } from "cockatiel";
import type { ContactRef } from "./providers/global-id.js";
import { providers } from "./providers/index.js";

export type ContactLoader = DataLoader<ContactRef, Contact | null, string>;

// A 400/422 on a read: the provider will not take this id (one that wants a uuid, say). The reference is bad, not the server.
const refused = (label: string) =>
  new BadUserInputError(`${label} does not accept the provider id in this Contact id.`, ["id"], { provider: label });
// DataLoader fails a key only for an Error instance: anything else thrown would become its value.
const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));
// The record read back must be the one asked for: another id is not someone else's contact to show.
function sameRecord(label: string, ref: ContactRef, record: ContactRecord): ContactRecord {
  if (record.providerId !== ref.providerId) throw badResponse(label, "the record read back has another id than the one asked for");
  return record;
}
const groupKey = (ref: ContactRef) => JSON.stringify([ref.provider, ref.connectionId, ref.sandbox]);

/**
 * One per GraphQL request: the references of one `_entities` call arrive as one batch, are
 * de-duplicated by DataLoader, grouped per provider and connection (where a provider's batch read
 * would plug in), and read concurrently under the provider's process-wide bulkhead and rate budget
 * (src/guard). A failed read fails its own entity only; a missing contact is null.
 */
export function createContactLoader(ctx: Context): ContactLoader {
  async function readGroup(refs: ContactRef[]): Promise<(Contact | null | Error)[]> {
    const { provider, connectionId, sandbox } = refs[0];
    let client: ReturnType<Context["client"]>;
    try {
      client = ctx.client(provider);
    } catch (err) {
      // A provider that cannot be used fails its own references, not the rest of the batch.
      return refs.map(() => asError(err));
    }
    return Promise.all(
      refs.map((ref) =>
        ctx.guards
          .read(provider, () => client.read(ref.providerId, connectionId ?? undefined))
          .then(
            (record) =>
              record && toContact(provider, connectionId ?? undefined, sameRecord(providers[provider].label, ref, record), sandbox),
          )
          .catch((err: unknown) => {
            if (err instanceof UpstreamRejection) return refused(providers[provider].label);
            if (err instanceof BulkheadRejectedError) return refusedCall(providers[provider].label, "bulkhead", 1);
            return asError(err);
          }),
      ),
    );
  }

  return new DataLoader<ContactRef, Contact | null, string>(
    async (refs) => {
      const groups = new Map<string, number[]>();
      for (const [i, ref] of refs.entries()) groups.set(groupKey(ref), [...(groups.get(groupKey(ref)) ?? []), i]);
      const out: (Contact | null | Error)[] = new Array(refs.length);
      await Promise.all(
        [...groups.values()].map(async (indexes) => {
          const results = await readGroup(indexes.map((i) => refs[i]));
          for (const [j, i] of indexes.entries()) out[i] = results[j];
        }),
      );
      return out;
    },
    { cacheKeyFn: (ref) => `${groupKey(ref)}${ref.providerId}` },
  );
}
