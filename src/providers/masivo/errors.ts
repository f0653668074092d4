import type { UpstreamErrorInfo } from "../../errors.js";
import { masivoErrorBody, type MasivoFieldErrors } from "./types.js";

type Path = (string | number)[];

/** Masivo's create-body keys → unified input paths below `input`. */
const TOP: Record<string, Path> = {
  email: ["emails", 0, "address"],
  phone: ["phones", 0, "number"],
  first_name: ["firstName"],
  last_name: ["lastName"],
  dob: ["dateOfBirth"],
  gender: ["gender"],
  external_id: ["externalId"],
  second_name: ["masivo", "secondName"],
  second_last_name: ["masivo", "secondLastName"],
  document_type: ["masivo", "documentType"],
  document_number: ["masivo", "documentNumber"],
  source: ["masivo", "source"],
  channel: ["masivo", "channel"],
};
const ADDRESS: Record<string, string> = { street_1: "line1", street_2: "line2", city: "city", state: "state", zip_code: "postalCode", country: "countryCode" };

/** A field as Masivo may name it ("addresses[0].zip_code", "addresses.0.zip_code", "/tags/plan", ["email"]). */
export function masivoFieldToPath(field: string | (string | number)[] | undefined): Path | null {
  if (field === undefined) return null;
  const [head, ...rest] = Array.isArray(field) ? field.map(String) : field.split(/[.[\]/]+/).filter(Boolean);
  if (head === "tags") return rest.length ? ["customFields", rest.join(".")] : ["customFields"];
  if (head === "addresses") {
    const i = Number(rest[0]);
    if (rest.length === 0 || !Number.isInteger(i)) return ["addresses"];
    return ADDRESS[rest[1]] ? ["addresses", i, ADDRESS[rest[1]]] : ["addresses", i];
  }
  return (head && TOP[head]) || null;
}

function fieldErrors(errors: MasivoFieldErrors | undefined, fallback: string): UpstreamErrorInfo["fields"] {
  if (!errors) return [];
  if (!Array.isArray(errors))
    return Object.entries(errors).flatMap(([field, msgs]) => [msgs].flat().map((message) => ({ path: masivoFieldToPath(field), message })));
  return errors.map((e) =>
    typeof e === "string"
      ? { path: null, message: e }
      : { path: masivoFieldToPath(e.field ?? e.path ?? e.property ?? e.param), message: e.message ?? e.msg ?? fallback },
  );
}

/**
 * Masivo documents no error body, so this reads the usual shapes defensively: `message` (string or
 * list), `error` (string or object), `errors` (list or field map), `request_id`. Never the raw body.
 */
export function parseMasivoError(body: unknown): UpstreamErrorInfo {
  const parsed = masivoErrorBody.safeParse(body);
  if (!parsed.success) return {};
  const { message, error, errors, request_id, requestId } = parsed.data;
  const nested = typeof error === "object" ? error : undefined;
  const summary = [message].flat()[0] ?? (typeof error === "string" ? error : nested?.message);
  const fields = [
    ...(fieldErrors(errors ?? nested?.errors, summary ?? "Invalid value.") ?? []),
    ...(Array.isArray(message) ? message.map((m) => ({ path: null, message: m })) : []),
  ];
  return { requestId: request_id ?? requestId, message: summary, fields: fields.length ? fields : undefined };
}
