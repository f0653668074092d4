// Where each part lives: this definition (field rules, env, auth), transport in client.ts, translation
// in mapper.ts, wire shapes in types.ts, its error body in errors.ts, its option input in options.ts,
// its type words in vocabulary.ts, its simulator in simulator.ts. docs/adding-a-provider.md describes each.
import { ContactProvider } from "../../graphql/enums.js";
import { notSupported, type FieldRules } from "../fields.js";
import type { ProviderDefinition } from "../types.js";
import { AlloyClient } from "./client.js";
import { parseAlloyError } from "./errors.js";
import { AlloyContactOptions } from "./options.js";
import { createAlloySimulator } from "./simulator.js";

// https://alloy-docs.netlify.app/reference/unified-api/create-contact-1: no lengths are documented.
export const alloyFields: FieldRules = {
  firstName: { to: "firstName" },
  lastName: { to: "lastName", required: true },
  fullName: null,
  emails: { to: "emailAddresses[].emailAddress" },
  "emails.type": {
    to: "emailAddresses[].emailAddressType",
    note: "Sent as personal, work, other; an untyped email as main (the first) or secondary.",
  },
  phones: { to: "phoneNumbers[].phoneNumber" },
  "phones.type": {
    to: "phoneNumbers[].phoneNumberType",
    note: "Sent as mobile, home, work, other; an untyped phone as primary (the first) or secondary.",
  },
  addresses: { to: "addresses[]" },
  "addresses.line1": { to: "addresses[].street1" },
  "addresses.line2": { to: "addresses[].street2" },
  "addresses.city": { to: "addresses[].city" },
  "addresses.state": { to: "addresses[].state", note: "Read back from countrySubdivision when state is empty." },
  "addresses.postalCode": { to: "addresses[].postalCode" },
  "addresses.countryCode": { to: "addresses[].country", note: "Read back only when Alloy returns an ISO alpha-2 code." },
  "addresses.type": {
    to: "addresses[].addressType",
    note: "Sent as home, work, billing, shipping, other; an untyped address is sent without one.",
  },
  companyName: { to: "account", note: "Read back from the account's name." },
  jobTitle: null,
  dateOfBirth: null,
  gender: null,
  taxId: null,
  companyRegistrationNumber: null,
  externalId: null,
  customFields: { to: "remoteFields", note: "alloy.remoteFields is merged over it; its keys win." },
};

export const alloy: ProviderDefinition<AlloyContactOptions> = {
  id: ContactProvider.ALLOY,
  label: "Alloy",
  docs: {
    summary: "unified API (Alloy One)",
    api: "Alloy Unified API `2024-03`",
    configuration: "Alloy Unified API, Bearer + `?credentialId=` (the default connection)",
    readBack: { request: "`GET one/crm/contacts/{id}?credentialId=`", inferred: "only the list is documented" },
  },
  optionsKey: "alloy",
  optionsInput: AlloyContactOptions,
  env: { prefix: "ALLOY", defaultBaseUrl: "https://embedded.runalloy.com/2024-03", credentials: ["API_KEY"], connection: "CREDENTIAL_ID" },
  // credentialId is a required query parameter of every Unified API call.
  connection: "required",
  fields: alloyFields,
  // https://docs-uapi.runalloy.com/docs/rate-limits: default plan, per connection (credentialId).
  limits: { rate: [{ requests: 150, seconds: 60 }], scope: "connection", readConcurrency: 3 },
  // A customFields key that alloy.remoteFields also sets is not sent: say so rather than drop it silently.
  check: (input, options) => ({
    warnings: Object.keys(input.customFields ?? {})
      .filter((key) => options?.remoteFields && Object.hasOwn(options.remoteFields, key))
      .map((key) =>
        notSupported(["input", "customFields", key], "alloy.remoteFields sets the same key and wins; this value was not sent."),
      ),
  }),
  // The docs write "bearer YOUR_API_KEY"; the scheme is case-insensitive (RFC 9110), so send the usual form.
  auth: { headerNames: ["authorization"], headers: (config) => ({ authorization: `Bearer ${config.credentials.API_KEY}` }) },
  parseError: parseAlloyError,
  simulator: () => createAlloySimulator(),
  createClient: (upstream, config) => new AlloyClient(upstream, config.defaultConnectionId),
};
