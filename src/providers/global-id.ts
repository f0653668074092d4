import { ContactProvider } from "../graphql/enums.js";
import { isConnectionId, providerIdProblem } from "./ids.js";

/** What a global Contact.id encodes. */
export interface ContactRef {
  provider: ContactProvider;
  connectionId: string | null;
  providerId: string;
  /** Created by a built-in simulator: the id says so, and it never resolves against a real provider. */
  sandbox: boolean;
}

const REAL = "ctc1_";
const SANDBOX = "sandbox_ctc1_";

export class InvalidContactId extends Error {
  override name = "InvalidContactId";
}

/** Opaque and stable: the same contact always gets the same id. */
export function encodeContactId(ref: ContactRef): string {
  const payload = Buffer.from(JSON.stringify([ref.provider, ref.connectionId, ref.providerId])).toString("base64url");
  return (ref.sandbox ? SANDBOX : REAL) + payload;
}

export function decodeContactId(id: string): ContactRef {
  const sandbox = id.startsWith(SANDBOX);
  if (!sandbox && !id.startsWith(REAL)) throw new InvalidContactId("Not a contact id of this subgraph.");
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(id.slice(sandbox ? SANDBOX.length : REAL.length), "base64url").toString("utf8"));
  } catch {
    throw new InvalidContactId("The contact id is damaged.");
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 3 ||
    !Object.values(ContactProvider).includes(parts[0]) ||
    !(parts[1] === null || (typeof parts[1] === "string" && parts[1] !== "")) ||
    typeof parts[2] !== "string" ||
    parts[2] === ""
  )
    throw new InvalidContactId("The contact id is damaged.");
  // The id is the caller's to forge: its parts go into a URL path and a header or query of a read.
  const problem =
    providerIdProblem(parts[2]) ?? (parts[1] !== null && !isConnectionId(parts[1]) ? "its connection id is not one" : undefined);
  if (problem) throw new InvalidContactId(`The contact id cannot be read: ${problem}.`);
  return { provider: parts[0], connectionId: parts[1], providerId: parts[2], sandbox };
}
