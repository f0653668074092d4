// The entity side of `Contact` (contact.ts), kept beside it as type-graphql's examples keep `user.reference.ts`.
import type { Context } from "../context.js";
import { BadUserInputError } from "../errors.js";
import { decodeContactId, InvalidContactId, type ContactRef } from "../providers/global-id.js";
import type { Contact } from "./contact.js";

const badReference = (message: string) => new BadUserInputError(message, ["id"]);

/** Everything about a reference that can be refused without calling the provider: it fails this entity only. */
function checkedRef(ref: { id?: unknown }, ctx: Context): ContactRef {
  if (typeof ref.id !== "string") throw badReference("A Contact reference needs its id.");
  let decoded: ContactRef;
  try {
    decoded = decodeContactId(ref.id);
  } catch (err) {
    if (err instanceof InvalidContactId) throw badReference(`Invalid Contact id: ${err.message}`);
    throw err;
  }
  const config = ctx.providerConfig(decoded.provider);
  if (decoded.sandbox !== config.sandbox)
    throw badReference(`This Contact id belongs to ${decoded.sandbox ? "the sandbox" : "a real provider"}, not to this deployment.`);
  // The id is the caller's to forge: a connection outside the allow-list is refused as createContact refuses it.
  const allowed = ctx.config.allowedConnections?.[decoded.provider];
  if (allowed && decoded.connectionId !== null && !allowed.includes(decoded.connectionId))
    throw badReference("This Contact id names a connection this subgraph does not serve.");
  return decoded;
}

/**
 * Federation entity resolution. The references of one `_entities` call share the request's
 * DataLoader (src/loaders.ts): one batch, de-duplicated, read concurrently per provider. A contact
 * the provider no longer has resolves to null.
 */
export async function resolveContactReference(ref: { id?: unknown }, ctx: Context): Promise<Contact | null> {
  return ctx.contacts.load(checkedRef(ref, ctx));
}
