// Where each part lives: this definition (field rules, env, auth), transport in client.ts, translation
// in mapper.ts, wire shapes in types.ts, its error body in errors.ts, its option input in options.ts,
// rules beyond the table in checks.ts, its simulator in simulator.ts. docs/adding-a-provider.md describes each.
import { ContactProvider } from "../../graphql/enums.js";
import type { FieldRules } from "../fields.js";
import type { ProviderDefinition } from "../types.js";
import { checkGomobile } from "./checks.js";
import { GomobileClient } from "./client.js";
import { parseGomobileError } from "./errors.js";
import { GomobileContactOptions } from "./options.js";
import { createGomobileSimulator } from "./simulator.js";

const ADDRESS_NOTE = 'line1 and line2 are joined by ", " into address, 3 to 256 characters together.';

// https://docs.gomobile.ma/core-concepts/contacts (lengths) and the create page (fields).
export const gomobileFields: FieldRules = {
  firstName: { to: "firstName", minLength: 2, maxLength: 64 },
  lastName: { to: "lastName", minLength: 1, maxLength: 64 },
  fullName: { to: "fullName", minLength: 3, maxLength: 64, note: "Sent as given; never derived from firstName and lastName." },
  emails: { to: "primaryEmail", firstOnly: true },
  "emails.type": null,
  phones: { to: "primaryPhone", firstOnly: true, required: true, minLength: 3, maxLength: 20, note: "E.164 with a leading +." },
  "phones.type": null,
  addresses: { to: "address, city, state, zip", firstOnly: true },
  "addresses.line1": { to: "address", note: ADDRESS_NOTE },
  "addresses.line2": { to: "address", note: ADDRESS_NOTE },
  "addresses.city": { to: "city", minLength: 3, maxLength: 64 },
  "addresses.state": { to: "state", minLength: 3, maxLength: 64 },
  "addresses.postalCode": { to: "zip", minLength: 3, maxLength: 64 },
  "addresses.countryCode": null,
  "addresses.type": null,
  companyName: null,
  jobTitle: { to: "occupation", minLength: 3, maxLength: 64 },
  dateOfBirth: null,
  gender: { to: "gender", note: "Sent lowercase: male or female." },
  taxId: null,
  companyRegistrationNumber: null,
  externalId: null,
  customFields: {
    to: "customAttributes",
    note: "Keys must be attributes defined in Gomobile beforehand; read back from the attribute list by name.",
  },
};

export const gomobile: ProviderDefinition<GomobileContactOptions> = {
  id: ContactProvider.GOMOBILE,
  label: "Gomobile",
  docs: {
    summary: "outbound voice campaigns",
    api: "Gomobile API",
    configuration: "Gomobile, header `x-api-key`",
    readBack: { request: "`GET contact/{id}`" },
  },
  optionsKey: "gomobile",
  optionsInput: GomobileContactOptions,
  env: { prefix: "GOMOBILE", defaultBaseUrl: "https://api.gomobile.ma/api", credentials: ["API_KEY"] },
  connection: "none",
  fields: gomobileFields,
  // Not documented: a guess kept low on purpose (5 req/s, 60 req/min per key); raise GOMOBILE_RATE_LIMIT once known.
  limits: {
    rate: [
      { requests: 5, seconds: 1 },
      { requests: 60, seconds: 60 },
    ],
    scope: "credentials",
    readConcurrency: 4,
  },
  check: checkGomobile,
  // The current docs and every example send x-api-key; older pages said Bearer.
  auth: { headerNames: ["x-api-key"], headers: (config) => ({ "x-api-key": config.credentials.API_KEY }) },
  parseError: parseGomobileError,
  simulator: () => createGomobileSimulator(),
  createClient: (upstream) => new GomobileClient(upstream),
};
