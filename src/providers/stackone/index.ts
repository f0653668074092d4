// Where each part lives: this definition (field rules, env, auth), transport in client.ts, translation
// in mapper.ts, wire shapes in types.ts, its error body in errors.ts, its option input in options.ts,
// its simulator in simulator.ts. docs/adding-a-provider.md describes each.
import { ContactProvider, ContactUserErrorCode } from "../../graphql/enums.js";
import type { CreateContactInput } from "../../graphql/inputs.js";
import { userError, type FieldRules, type Issues } from "../fields.js";
import type { ProviderConfig, ProviderDefinition } from "../types.js";
import { StackOneClient } from "./client.js";
import { parseStackOneError } from "./errors.js";
import { StackOneContactOptions } from "./options.js";
import { createStackOneSimulator } from "./simulator.js";

// https://docs.stackone.com/crm/api-reference/contacts/creates-a-new-contact: every field optional, no
// documented lengths (the CRM behind may have its own; those come back as 400/422).
export const stackOneFields: FieldRules = {
  firstName: { to: "first_name" },
  lastName: { to: "last_name" },
  fullName: null,
  emails: { to: "emails[]", note: "A list of plain strings, in order; the first is the primary." },
  "emails.type": null,
  phones: { to: "phone_numbers[]", note: "A list of plain strings in E.164, in order; the CRM behind may reformat them." },
  "phones.type": null,
  addresses: null,
  "addresses.line1": null,
  "addresses.line2": null,
  "addresses.city": null,
  "addresses.state": null,
  "addresses.postalCode": null,
  "addresses.countryCode": null,
  "addresses.type": null,
  companyName: { to: "company_name" },
  jobTitle: null,
  dateOfBirth: null,
  gender: null,
  taxId: null,
  companyRegistrationNumber: null,
  externalId: null,
  customFields: {
    to: "custom_fields[{name, value}]",
    note: "Each key is the name of a custom field defined in the CRM. Read back by name, with the project's unified_custom_fields.",
  },
};

/**
 * A blank customFields key, which GraphQL lets through: StackOne finds the custom field by that
 * name. (Blank deal and account ids count as absent: the shared normaliser drops them.)
 */
function checkStackOne(input: CreateContactInput): Partial<Issues> {
  const blankNames = Object.keys(input.customFields ?? {})
    .filter((name) => name.trim() === "")
    .map((name) =>
      userError(
        ["input", "customFields", name],
        ContactUserErrorCode.INVALID,
        "StackOne sets a custom field by its name, which cannot be blank.",
      ),
    );
  return { userErrors: blankNames };
}

// StackOne's Basic auth: the API key as user name, no password.
const basic = (config: ProviderConfig) => Buffer.from(`${config.credentials.API_KEY}:`).toString("base64");

export const stackone: ProviderDefinition<StackOneContactOptions> = {
  id: ContactProvider.STACKONE,
  label: "StackOne",
  docs: {
    summary: "unified CRM API (HubSpot, Salesforce, …)",
    api: "StackOne Unified CRM",
    configuration: "StackOne, Basic auth `key:` + `x-account-id` (the default connection)",
    readBack: { request: "`GET unified/crm/contacts/{id}` with `x-account-id`" },
  },
  optionsKey: "stackone",
  optionsInput: StackOneContactOptions,
  env: { prefix: "STACKONE", defaultBaseUrl: "https://api.stackone.com", credentials: ["API_KEY"], connection: "ACCOUNT_ID" },
  // Every unified call names a linked account (x-account-id); ids are unique only within one.
  connection: "required",
  fields: stackOneFields,
  // https://docs.stackone.com/guides/rate-limiting: per API key, whatever the x-account-id.
  limits: { rate: [{ requests: 1000, seconds: 60 }], scope: "credentials", readConcurrency: 8 },
  check: checkStackOne,
  // https://docs.stackone.com/api/authentication: Basic with the key as user name and an empty password.
  auth: {
    headerNames: ["authorization"],
    headers: (config) => ({ authorization: `Basic ${basic(config)}` }),
    secrets: (config) => [basic(config)],
  },
  parseError: parseStackOneError,
  simulator: () => createStackOneSimulator(),
  createClient: (upstream, config) => new StackOneClient(upstream, config.defaultConnectionId),
};
