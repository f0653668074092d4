import type { UpstreamErrorInfo } from "../../errors.js";
import { parseUndocumentedError } from "../error-body.js";

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
const ADDRESS: Record<string, string> = {
  street_1: "line1",
  street_2: "line2",
  city: "city",
  state: "state",
  zip_code: "postalCode",
  country: "countryCode",
};

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

/**
 * Masivo documents no error body, so the usual shapes are read defensively; never the raw body.
 */
export const parseMasivoError = (body: unknown): UpstreamErrorInfo => parseUndocumentedError(body, masivoFieldToPath);
