import type { UpstreamErrorInfo } from "../../errors.js";
import { gomobileErrorBody } from "./types.js";

/** Gomobile's create-body properties → unified input paths below `input`. */
const PROPERTIES: Record<string, (string | number)[]> = {
  firstName: ["firstName"],
  lastName: ["lastName"],
  fullName: ["fullName"],
  primaryEmail: ["emails", 0, "address"],
  primaryPhone: ["phones", 0, "number"],
  // line1 and line2 are joined into `address`; line1 carries most of it.
  address: ["addresses", 0, "line1"],
  city: ["addresses", 0, "city"],
  state: ["addresses", 0, "state"],
  zip: ["addresses", 0, "postalCode"],
  occupation: ["jobTitle"],
  gender: ["gender"],
  preferredChannel: ["gomobile", "preferredChannel"],
  channels: ["gomobile", "channels"],
  customAttributes: ["customFields"],
};

// class-validator messages start with the property ("primaryPhone must be …", "each value in
// channels must be …", "customAttributes.age must be …"); "property x should not exist" names
// one we never send on purpose.
const SUBJECT = /^(?:each value in )?([A-Za-z_$][\w$]*)((?:\.[^\s.]+)*)\s/;

export function gomobileMessageToPath(message: string): (string | number)[] | null {
  const match = SUBJECT.exec(message);
  const base = match && Object.hasOwn(PROPERTIES, match[1]) ? PROPERTIES[match[1]] : undefined;
  if (!match || !base) return null;
  const rest = match[2].split(".").filter(Boolean);
  if (match[1] === "customAttributes" && rest.length) return [...base, rest.join(".")];
  if (match[1] === "channels" && /^\d+$/.test(rest[0] ?? "")) return [...base, Number(rest[0])];
  return base;
}

/**
 * Reads NestJS's `{statusCode, message: string | string[], error}` [I]: Gomobile documents no
 * error body, so anything else yields no detail and the status decides alone.
 */
export function parseGomobileError(body: unknown): UpstreamErrorInfo {
  const parsed = gomobileErrorBody.safeParse(body);
  if (!parsed.success) return {};
  const { message, error, requestId } = parsed.data;
  const messages = (Array.isArray(message) ? message : message ? [message] : []).filter((m) => m.trim() !== "");
  const fields = messages.map((m) => ({ path: gomobileMessageToPath(m), message: m }));
  return {
    requestId,
    message: messages.length === 1 ? messages[0] : error,
    // A lone message that names no field stays the summary (fields would carry it at field null anyway).
    fields: fields.some((f) => f.path) || fields.length > 1 ? fields : undefined,
  };
}
