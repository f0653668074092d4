// The create body rules of https://docs.gomobile.ma/core-concepts/contacts, answered with
// class-validator's default messages (the API is a NestJS app [I]).

const LENGTHS: Record<string, [number, number]> = {
  firstName: [2, 64],
  lastName: [1, 64],
  fullName: [3, 64],
  primaryPhone: [3, 20],
  address: [3, 256],
  city: [3, 64],
  state: [3, 64],
  zip: [3, 64],
  occupation: [3, 64],
  preferredChannel: [3, 64],
};
const KNOWN = new Set([...Object.keys(LENGTHS), "primaryEmail", "gender", "channels", "customAttributes"]);
const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** class-validator's messages for one create body; empty when it is valid. */
export function validateGomobileContact(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  // forbidNonWhitelisted [I]: it also catches a mapper sending a key Gomobile does not have.
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) out.push(`property ${key} should not exist`);
  if (body.primaryPhone === undefined || body.primaryPhone === null || body.primaryPhone === "")
    out.push("primaryPhone should not be empty");
  for (const [key, [min, max]] of Object.entries(LENGTHS)) {
    const value = body[key];
    if (value === undefined || (value === null && key !== "primaryPhone")) continue;
    if (typeof value !== "string") {
      out.push(`${key} must be a string`);
      continue;
    }
    const n = [...value].length;
    if (n < min || n > max)
      out.push(`${key} must be ${n < min ? `longer than or equal to ${min}` : `shorter than or equal to ${max}`} characters`);
  }
  if (typeof body.primaryPhone === "string" && !E164.test(body.primaryPhone))
    out.push("primaryPhone must be a valid phone number in E.164 format (e.g. +212612345678)");
  if (body.primaryEmail != null && (typeof body.primaryEmail !== "string" || !EMAIL.test(body.primaryEmail)))
    out.push("primaryEmail must be an email");
  if (body.gender != null && body.gender !== "male" && body.gender !== "female")
    out.push("gender must be one of the following values: male, female");
  if (body.channels != null) {
    if (!Array.isArray(body.channels)) out.push("channels must be an array");
    else if (body.channels.some((c) => typeof c !== "string")) out.push("each value in channels must be a string");
  }
  const attrs = body.customAttributes;
  if (attrs != null && (typeof attrs !== "object" || Array.isArray(attrs))) out.push("customAttributes must be an object");
  return out;
}
