import type { UpstreamErrorInfo } from "../../../src/errors.js";
import { scratchErrorBody } from "./types.js";

// HubSpot's wording: "Contact already exists. Existing ID: 12345".
const EXISTING = /Existing ID: (\w+)/;
// And for data it rejects: "Property values were not valid: email, phone".
const INVALID_PROPERTIES = /^Property values were not valid: (.+)$/;

/** Scratch's contact properties (what mapper.ts sends) → unified input paths below `input`. */
const PROPERTIES: Record<string, (string | number)[]> = {
  firstname: ["firstName"],
  lastname: ["lastName"],
  email: ["emails", 0, "address"],
  phone: ["phones", 0, "number"],
  company: ["companyName"],
  jobtitle: ["jobTitle"],
};

/**
 * Reads Scratch's error body: a conflict names the contact that already has this email, a
 * validation error the properties it rejects, each mapped back to the unified field it came from.
 */
export function parseScratchError(body: unknown): UpstreamErrorInfo {
  const parsed = scratchErrorBody.safeParse(body);
  if (!parsed.success) return {};
  const { message, correlationId } = parsed.data;
  const invalid = message && INVALID_PROPERTIES.exec(message);
  return {
    requestId: correlationId,
    message: message?.replace(EXISTING, "").trim() || undefined,
    existingId: message?.match(EXISTING)?.[1],
    fields: invalid?.[1]
      .split(",")
      .map((name) => name.trim())
      .map((name) => ({
        path: Object.hasOwn(PROPERTIES, name) ? PROPERTIES[name] : null,
        message: `Property value was not valid: ${name}`,
      })),
  };
}
