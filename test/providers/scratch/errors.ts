import type { UpstreamErrorInfo } from "../../../src/errors.js";
import { scratchErrorBody } from "./types.js";

// HubSpot's wording: "Contact already exists. Existing ID: 12345".
const EXISTING = /Existing ID: (\w+)/;

/** Reads Scratch's error body; a conflict names the contact that already has this email. */
export function parseScratchError(body: unknown): UpstreamErrorInfo {
  const parsed = scratchErrorBody.safeParse(body);
  if (!parsed.success) return {};
  const { message, correlationId } = parsed.data;
  return {
    requestId: correlationId,
    message: message?.replace(EXISTING, "").trim() || undefined,
    existingId: message?.match(EXISTING)?.[1],
  };
}
