import type { UpstreamErrorInfo } from "../../errors.js";
import { storaErrorBody } from "./types.js";

/** Stora's JSON pointers (into its create body) → unified input paths below `input`. */
const POINTERS: Record<string, (string | number)[]> = {
  "/email": ["emails", 0, "address"],
  "/full_name": ["fullName"],
  "/phone_number": ["phones", 0, "number"],
  "/tax_id": ["taxId"],
  "/company_registration_number": ["companyRegistrationNumber"],
  "/type": ["stora", "type"],
  "/source": ["stora", "source"],
  "/marketing_source": ["stora", "marketingSource"],
  "/use_case": ["stora", "useCase"],
  "/address": ["addresses", 0],
  "/address/line_1": ["addresses", 0, "line1"],
  "/address/line_2": ["addresses", 0, "line2"],
  "/address/city": ["addresses", 0, "city"],
  "/address/postal_code": ["addresses", 0, "postalCode"],
  "/address/state": ["addresses", 0, "state"],
  "/address/country_alpha2": ["addresses", 0, "countryCode"],
  "/metadata": ["customFields"],
};

export function storaPointerToPath(pointer: string | undefined): (string | number)[] | null {
  if (!pointer) return null;
  if (POINTERS[pointer]) return POINTERS[pointer];
  const meta = /^\/metadata\/(.+)$/.exec(pointer);
  return meta ? ["customFields", meta[1].replace(/~1/g, "/").replace(/~0/g, "~")] : null;
}

/** Reads `{error: {code, message, details[{pointer, message}], request_id}}` (https://docs.stora.co/2025-09/guides/errors). */
export function parseStoraError(body: unknown): UpstreamErrorInfo {
  const parsed = storaErrorBody.safeParse(body);
  if (!parsed.success) return {};
  const { error } = parsed.data;
  return {
    requestId: error.request_id,
    message: error.message,
    fields: error.details?.map((d) => ({ path: storaPointerToPath(d.pointer), message: d.message ?? error.message ?? "Invalid value." })),
  };
}
