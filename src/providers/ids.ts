/**
 * What the caller's ids may look like before they reach a header, a query or a URL path. A
 * connection id goes verbatim into a header (an x-account-id) or a query (a credentialId): it must be an HTTP token (RFC 9110: visible ASCII without separators), so no line
 * break, NUL, space, quote, slash or `?` can ever reach one.
 */
import { z } from "zod";

const CONNECTION_ID = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,255}$/;

export const isConnectionId = (id: string) => CONNECTION_ID.test(id);

export const CONNECTION_ID_RULE = "1 to 255 letters, digits or ! # $ % & ' * + - . ^ _ ` | ~ (no spaces, slashes or control characters)";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// "." and ".." are resolved away by every URL parser, percent-encoded or not ("%2e", ".%2E", ...).
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Why a provider's contact id cannot be asked for, if it cannot: it becomes one URL path segment
 * (percent-encoded), so it must be text, not a dot segment, and of a sane length.
 */
export function providerIdProblem(id: string): string | undefined {
  if (id.length === 0 || id.length > 1024) return "its provider id must be 1 to 1024 characters";
  if (DOT_SEGMENT.test(id)) return "its provider id is a dot segment";
  if (CONTROL.test(id) || LONE_SURROGATE.test(id)) return "its provider id contains control characters";
  return undefined;
}

/** A contact id in a provider's answer: one we can read the contact back by (else PROVIDER_BAD_RESPONSE). */
export const providerIdSchema = z.string().refine((id) => providerIdProblem(id) === undefined, { message: "not a readable id" });
