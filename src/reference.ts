import { GraphQLError } from "graphql";
import { toContact } from "./contacts.js";
import type { Context } from "./context.js";
import type { Contact } from "./graphql/contact.js";
import { decodeContactId, InvalidContactId } from "./providers/global-id.js";

/**
 * Federation entity resolution: decode the global id and read the contact back from its provider.
 * A contact that no longer exists resolves to null.
 */
export async function resolveContactReference(ref: { id: string }, ctx: Context): Promise<Contact | null> {
  let decoded;
  try {
    decoded = decodeContactId(ref.id);
  } catch (err) {
    if (err instanceof InvalidContactId) throw new GraphQLError(`Invalid Contact id: ${err.message}`, { extensions: { code: "BAD_USER_INPUT" } });
    throw err;
  }
  const config = ctx.providerConfig(decoded.provider);
  if (decoded.sandbox !== config.sandbox)
    throw new GraphQLError(`This Contact id belongs to ${decoded.sandbox ? "the sandbox" : "a real provider"}, not to this deployment.`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  const record = await ctx.client(decoded.provider).read(decoded.providerId, decoded.connectionId ?? undefined);
  return record && toContact(decoded.provider, decoded.connectionId ?? undefined, record, config.sandbox);
}
