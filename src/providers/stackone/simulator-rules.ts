// What StackOne's create accepts (https://docs.stackone.com/crm/api-reference/contacts/creates-a-new-contact):
// every field optional and nullable, no lengths or formats; the CRM behind applies its own rules.
// The messages follow the "<property> must be ..." form that errors.ts maps back to a field.

const TEXT = ["first_name", "last_name", "company_name"];
const LISTS = ["emails", "phone_numbers", "deal_ids", "account_ids"];
const CUSTOM_FIELD_KEYS = ["id", "remote_id", "name", "value", "value_id", "remote_value_id"];
const KNOWN = [...TEXT, ...LISTS, "custom_fields", "passthrough"];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function customFieldProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return ["custom_fields must be an array"];
  return value.flatMap((item, i) => {
    if (!isObject(item)) return [`custom_fields.${i} must be an object`];
    const unknown = Object.keys(item).find((k) => !CUSTOM_FIELD_KEYS.includes(k));
    if (unknown) return [`custom_fields.${i}.${unknown} should not exist`];
    const named = ["id", "name"].filter((k) => typeof item[k] === "string" && item[k] !== "");
    // A custom field is resolved by its definition: without an id or a name there is nothing to set.
    return named.length ? [] : [`custom_fields.${i} must have an id or a name`];
  });
}

/** Every problem of a create body, first one first (the simulator answers with the first). */
export function stackOneCreateProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(body)) if (!KNOWN.includes(key)) problems.push(`property ${key} should not exist`);
  for (const key of TEXT) if (body[key] != null && typeof body[key] !== "string") problems.push(`${key} must be a string`);
  for (const key of LISTS) {
    const value = body[key];
    if (value == null) continue;
    if (!Array.isArray(value)) problems.push(`${key} must be an array`);
    else for (const [i, item] of value.entries()) if (typeof item !== "string") problems.push(`${key}.${i} must be a string`);
  }
  if (body.custom_fields != null) problems.push(...customFieldProblems(body.custom_fields));
  if (body.passthrough != null && !isObject(body.passthrough)) problems.push("passthrough must be an object");
  return problems;
}
