import { z } from "zod";
import type { UpstreamErrorInfo } from "../errors.js";

type Path = (string | number)[];

// For providers that document no error body: every member is optional, and a member
// of an unexpected type is dropped (`catch`) instead of spoiling the others.
const fieldPath = z.union([z.string(), z.array(z.union([z.string(), z.number()]))]);
const fieldError = z.union([
  z.string(),
  z.looseObject({
    field: fieldPath.optional().catch(undefined),
    path: fieldPath.optional().catch(undefined),
    property: z.string().optional().catch(undefined),
    param: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    msg: z.string().optional().catch(undefined),
  }),
]);
const fieldErrors = z.union([z.array(fieldError), z.record(z.string(), z.union([z.string(), z.array(z.string())]))]);
const errorBody = z.looseObject({
  message: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined),
  error: z
    .union([
      z.string(),
      z.looseObject({ message: z.string().optional().catch(undefined), errors: fieldErrors.optional().catch(undefined) }),
    ])
    .optional()
    .catch(undefined),
  errors: fieldErrors.optional().catch(undefined),
  request_id: z.string().optional().catch(undefined),
  requestId: z.string().optional().catch(undefined),
});

/**
 * Reads the usual shapes of an undocumented error body: `message` (string or list), `error` (string
 * or `{message, errors}`), `errors` (a list of strings or `{field|path|property|param, message|msg}`,
 * or a map of field → message), and a request id. Only these strings are kept, never the body;
 * `toPath` maps the provider's field names to unified input paths.
 */
export function parseUndocumentedError(body: unknown, toPath: (field: string | Path | undefined) => Path | null): UpstreamErrorInfo {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return {};
  const { message, error, errors, request_id, requestId } = parsed.data;
  const nested = typeof error === "object" ? error : undefined;
  const summary = [message].flat()[0] ?? (typeof error === "string" ? error : nested?.message);
  const listed = errors ?? nested?.errors;
  const fallback = summary ?? "Invalid value.";
  const fields = !listed
    ? // A list of messages without fields (a common validation style): one user error each.
      Array.isArray(message)
      ? message.map((m) => ({ path: null, message: m }))
      : []
    : Array.isArray(listed)
      ? listed.map((e) =>
          typeof e === "string"
            ? { path: null, message: e }
            : { path: toPath(e.field ?? e.path ?? e.property ?? e.param), message: e.message ?? e.msg ?? fallback },
        )
      : Object.entries(listed).flatMap(([field, msgs]) => [msgs].flat().map((m) => ({ path: toPath(field), message: m })));
  return { requestId: request_id ?? requestId, message: summary, fields: fields.length ? fields : undefined };
}
