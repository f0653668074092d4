// Where each part lives: this definition (field rules, env, auth), transport in client.ts, translation
// in mapper.ts, wire shapes in types.ts, its error body in errors.ts, its option input in options.ts,
// its simulator in simulator.ts. docs/adding-a-provider.md describes each.
import { ContactProvider, ContactUserErrorCode } from "../../graphql/enums.js";
import { notSupported, userError, type FieldRules } from "../fields.js";
import type { ProviderDefinition } from "../types.js";
import { StoraClient } from "./client.js";
import { parseStoraError } from "./errors.js";
import { StoraContactOptions } from "./options.js";
import { EXTERNAL_ID } from "./mapper.js";
import { createStoraSimulator } from "./simulator.js";

// https://docs.stora.co/2025-09/api-reference/contacts/create-a-contact
export const storaFields: FieldRules = {
  firstName: { to: "full_name", note: "Joined with lastName into full_name when fullName is not given." },
  lastName: { to: "full_name", note: "Joined with firstName into full_name when fullName is not given." },
  fullName: { to: "full_name" },
  emails: { to: "email", firstOnly: true, required: true },
  "emails.type": null,
  phones: { to: "phone_number", firstOnly: true },
  "phones.type": null,
  addresses: { to: "address", firstOnly: true },
  "addresses.line1": { to: "address.line_1" },
  "addresses.line2": { to: "address.line_2" },
  "addresses.city": { to: "address.city" },
  "addresses.state": { to: "address.state" },
  "addresses.postalCode": { to: "address.postal_code" },
  "addresses.countryCode": { to: "address.country_alpha2" },
  "addresses.type": null,
  companyName: null,
  jobTitle: null,
  dateOfBirth: null,
  gender: null,
  taxId: { to: "tax_id", maxLength: 30 },
  companyRegistrationNumber: { to: "company_registration_number", maxLength: 30 },
  externalId: {
    to: "metadata.external_id",
    note: "Stora has no external-id field; its own documented create example keeps a CRM id in metadata.external_id, so that is where it goes and is read back from.",
  },
  customFields: {
    to: "metadata",
    note: "metadata.external_id is externalId's place: it is read back as externalId, not as a custom field.",
  },
};

export const stora: ProviderDefinition<StoraContactOptions> = {
  id: ContactProvider.STORA,
  label: "Stora",
  docs: {
    summary: "self-storage operations",
    api: "Stora Public API `2025-09`",
    configuration: "Stora Public API, `Authorization: Bearer`",
    readBack: { request: "`GET contacts/{id}`" },
    exampleOptions: { type: "DOMESTIC", source: "EXTERNAL_ENQUIRY" },
  },
  optionsKey: "stora",
  optionsInput: StoraContactOptions,
  env: { prefix: "STORA", defaultBaseUrl: "https://public-api.stora.co/2025-09", credentials: ["TOKEN"] },
  connection: "none",
  fields: storaFields,
  // https://docs.stora.co/2025-09/guides/requests: 10 req/s and 60 req/min by default, counted per access token.
  limits: {
    rate: [
      { requests: 10, seconds: 1 },
      { requests: 60, seconds: 60 },
    ],
    scope: "credentials",
    readConcurrency: 5,
  },
  // Stora has one name field: with fullName given, first and last name are not stored.
  check: (input) => ({
    // externalId and customFields share Stora's metadata: one value for external_id, not two.
    userErrors:
      input.externalId && input.customFields?.[EXTERNAL_ID] !== undefined
        ? [
            userError(
              ["input", "customFields", EXTERNAL_ID],
              ContactUserErrorCode.INVALID,
              "Stora keeps externalId in metadata.external_id: give it as externalId only.",
            ),
          ]
        : [],
    warnings: input.fullName
      ? (["firstName", "lastName"] as const)
          .filter((f) => input[f])
          .map((f) => notSupported(["input", f], "Stora stores one full_name and fullName was given; this field was not sent."))
      : [],
  }),
  auth: { headerNames: ["authorization"], headers: (config) => ({ authorization: `Bearer ${config.credentials.TOKEN}` }) },
  parseError: parseStoraError,
  responseHeaders: { rateLimitReset: ["ratelimit-reset"] },
  requestIdOf: (body) => (body as { meta?: { request_id?: unknown } } | undefined)?.meta?.request_id as string | undefined,
  simulator: () => createStoraSimulator(),
  createClient: (upstream) => new StoraClient(upstream),
};
