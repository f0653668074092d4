// Where each part lives: this definition (field rules, env, auth), transport in client.ts, translation
// in mapper.ts, wire shapes in types.ts, its error body in errors.ts, its option input in options.ts,
// the token exchange in token.ts, its simulator in simulator.ts. docs/adding-a-provider.md describes each.
import { ContactProvider } from "../../graphql/enums.js";
import type { FieldRules } from "../fields.js";
import type { ProviderDefinition } from "../types.js";
import { MasivoClient } from "./client.js";
import { parseMasivoError } from "./errors.js";
import { MasivoContactOptions } from "./options.js";
import { createMasivoSimulator } from "./simulator.js";
import { cachedMasivoTokens, masivoToken } from "./token.js";

// https://docs.masivo.ai/api-reference/contacts/post
export const masivoFields: FieldRules = {
  firstName: { to: "first_name" },
  lastName: { to: "last_name" },
  fullName: null,
  emails: {
    to: "email",
    firstOnly: true,
    required: true,
    note: "Not marked required in the request, but Masivo's contact schema makes email required and non-null: a contact without one is not a documented Masivo contact.",
  },
  "emails.type": null,
  phones: { to: "phone", firstOnly: true },
  "phones.type": null,
  addresses: { to: "addresses[]" },
  "addresses.line1": { to: "addresses[].street_1" },
  "addresses.line2": { to: "addresses[].street_2" },
  "addresses.city": { to: "addresses[].city, city", note: "The first address's city is also the contact's top-level city." },
  "addresses.state": { to: "addresses[].state" },
  "addresses.postalCode": { to: "addresses[].zip_code" },
  "addresses.countryCode": {
    to: "addresses[].country, country",
    note: "Free text at Masivo; sent as the ISO alpha-2 code. The first address's is also the contact's top-level country.",
  },
  "addresses.type": null,
  companyName: null,
  jobTitle: null,
  dateOfBirth: { to: "dob" },
  gender: { to: "gender", note: "MALE or FEMALE." },
  taxId: null,
  companyRegistrationNumber: null,
  externalId: { to: "external_id" },
  customFields: { to: "tags" },
};

export const masivo: ProviderDefinition<MasivoContactOptions> = {
  id: ContactProvider.MASIVO,
  label: "Masivo",
  docs: {
    summary: "loyalty / customer data",
    api: "Masivo Storefront API `v1`",
    configuration: "Masivo; the key is exchanged for a JWT at `GET {base}/auth/authorize`; the account id is sent as `x-account-id`",
    readBack: { request: "`GET contacts/{id}` with `x-account-id`", inferred: "only list and PUT are documented" },
  },
  optionsKey: "masivo",
  optionsInput: MasivoContactOptions,
  env: { prefix: "MASIVO", defaultBaseUrl: "https://app.masivo.ai/api/storefront/v1", credentials: ["API_KEY"], connection: "ACCOUNT_ID" },
  // x-account-id appears on Masivo's list/update/migrate examples but not on the create: sent only when known.
  connection: "optional",
  fields: masivoFields,
  // https://docs.masivo.ai/api-reference/resources/resource-limits: DEV accounts 1000 req/day, PROD unlimited.
  // Every account starts as DEV until support switches it, so DEV is the default.
  limits: {
    rate: [{ requests: 1000, seconds: 86_400 }],
    scope: "credentials",
    readConcurrency: 4,
    plans: { variable: "ENVIRONMENT", default: "DEV", rate: { DEV: [{ requests: 1000, seconds: 86_400 }], PROD: [] } },
  },
  // The API key is exchanged for a one-hour JWT, cached and shared by every request of the process.
  auth: {
    headerNames: ["authorization"],
    headers: async (config, observer) => ({ authorization: `Bearer ${await masivoToken(config, observer)}` }),
    secrets: (config) => cachedMasivoTokens(config),
  },
  parseError: parseMasivoError,
  responseHeaders: { rateLimitReset: ["x-ratelimit-reset"] },
  simulator: () => createMasivoSimulator(),
  createClient: (upstream, config) => new MasivoClient(upstream, config),
};
