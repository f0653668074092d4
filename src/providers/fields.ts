import type { CreateContactInput } from "../graphql/inputs.js";
import { ContactUserErrorCode, ContactWarningCode, FieldStorage } from "../graphql/enums.js";
import type { ContactUserError, ContactWarning } from "../graphql/payload.js";

/**
 * Every unified input field, sub-fields of the lists included. A provider's rules must name each
 * one (the compiler checks), so a new unified field cannot be forgotten by any provider.
 */
export const UNIFIED_FIELDS = [
  "firstName",
  "lastName",
  "fullName",
  "emails",
  "emails.type",
  "phones",
  "phones.type",
  "addresses",
  "addresses.line1",
  "addresses.line2",
  "addresses.city",
  "addresses.state",
  "addresses.postalCode",
  "addresses.countryCode",
  "addresses.type",
  "companyName",
  "jobTitle",
  "dateOfBirth",
  "gender",
  "taxId",
  "companyRegistrationNumber",
  "externalId",
  "customFields",
] as const;
export type UnifiedField = (typeof UNIFIED_FIELDS)[number];

export type ListField = "emails" | "phones" | "addresses";
/** The value of a list item that the list's own rule (required, lengths) applies to. */
export const LIST_VALUE: Record<ListField, string | undefined> = { emails: "address", phones: "number", addresses: undefined };

export interface FieldRule {
  /** Where the provider stores it, in the provider's own words (`full_name`, `emails[]`). */
  to: string;
  /** Lists only: just the first item is stored. */
  firstOnly?: true;
  required?: true;
  minLength?: number;
  maxLength?: number;
  note?: string;
}

/** `null`: the provider cannot store the field. */
export type FieldRules = Record<UnifiedField, FieldRule | null>;

export type Issues = { userErrors: ContactUserError[]; warnings: ContactWarning[] };

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

export const userError = (field: (string | number)[] | null, code: ContactUserErrorCode, message: string): ContactUserError => ({
  field: field && field.map(String),
  code,
  message,
});

export const notSupported = (field: (string | number)[], message: string): ContactWarning => ({
  field: field.map(String),
  code: ContactWarningCode.FIELD_NOT_SUPPORTED,
  message,
});

/** Length in code points (as `[...value].length` counts it, and class-validator's Length), without building the array. */
export function codePoints(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = value.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      length--;
      i++;
    }
  }
  return length;
}

function checkLength(rule: FieldRule, value: unknown, path: (string | number)[], provider: string, errors: ContactUserError[]) {
  if (typeof value !== "string" || (rule.minLength === undefined && rule.maxLength === undefined)) return;
  const length = codePoints(value);
  if (rule.minLength !== undefined && length < rule.minLength)
    errors.push(
      userError(path, ContactUserErrorCode.TOO_SHORT, `${provider} needs at least ${rule.minLength} characters here (got ${length}).`),
    );
  if (rule.maxLength !== undefined && length > rule.maxLength)
    errors.push(
      userError(path, ContactUserErrorCode.TOO_LONG, `${provider} accepts at most ${rule.maxLength} characters here (got ${length}).`),
    );
}

/** Each unified field with its parts, split once: "emails.address" → emails, address. */
const FIELD_PARTS = UNIFIED_FIELDS.map(
  (field) => [field, ...field.split(".")] as [UnifiedField, keyof CreateContactInput & string, string | undefined],
);

/**
 * Applies a provider's rules to an input: required fields and documented lengths become user
 * errors, anything the provider cannot store becomes a FIELD_NOT_SUPPORTED warning at its path.
 */
export function checkFields(provider: string, rules: FieldRules, input: CreateContactInput): Issues {
  const userErrors: ContactUserError[] = [];
  const warnings: ContactWarning[] = [];
  const dropped = (path: (string | number)[]) =>
    warnings.push(notSupported(["input", ...path], `${provider} cannot store this field; it was not sent.`));

  for (const [field, name, sub] of FIELD_PARTS) {
    const rule = rules[field];
    const value = input[name];

    if (sub === undefined) {
      if (isEmpty(value)) {
        if (rule?.required) userErrors.push(userError(["input", name], ContactUserErrorCode.REQUIRED, `${provider} requires ${name}.`));
        continue;
      }
      if (!rule) {
        dropped([name]);
        continue;
      }
      if (!Array.isArray(value)) {
        checkLength(rule, value, ["input", name], provider, userErrors);
        continue;
      }
      const key = LIST_VALUE[name as ListField];
      value.forEach((item: Record<string, unknown>, i) => {
        if (rule.firstOnly && i > 0) {
          warnings.push(notSupported(["input", name, i], `${provider} stores only the first of ${name}; this one was not sent.`));
        } else if (key) checkLength(rule, item[key], ["input", name, i, key], provider, userErrors);
      });
      continue;
    }

    // A sub-field of a list: checked on the items the provider stores.
    const listRule = rules[name as UnifiedField];
    if (!listRule || !Array.isArray(value)) continue;
    const stored = listRule.firstOnly ? value.slice(0, 1) : value;
    stored.forEach((item: Record<string, unknown>, i) => {
      if (isEmpty(item[sub])) return;
      if (!rule) dropped([name, i, sub]);
      else checkLength(rule, item[sub], ["input", name, i, sub], provider, userErrors);
    });
  }
  return { userErrors, warnings };
}

/** The unified fields a provider requires, as dotted paths. */
export const requiredFields = (rules: FieldRules) => UNIFIED_FIELDS.filter((f) => rules[f]?.required);

export function storageOf(rules: FieldRules, field: UnifiedField): FieldStorage {
  const rule = rules[field];
  if (!rule) return FieldStorage.NONE;
  const list = rules[field.split(".")[0] as UnifiedField];
  if (!list) return FieldStorage.NONE;
  return rule.firstOnly || list.firstOnly ? FieldStorage.FIRST_ONLY : FieldStorage.ALL;
}
