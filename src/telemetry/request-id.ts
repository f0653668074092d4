import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * What we accept from the router's x-request-id: the usual UUID / ULID / trace-id shapes. The id
 * lands in every log line and response, so anything longer or with other characters (spaces, line
 * breaks, quotes) is replaced rather than trusted.
 */
const TRUSTED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The router's id when it looks like one, else a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && TRUSTED.test(value) ? value : randomUUID();
}
