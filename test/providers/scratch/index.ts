// A test-only provider, shaped like a HubSpot-style CRM: docs/adding-a-provider.md builds it step by step.
// Where each part lives: the definition (this file), transport in client.ts, translation in mapper.ts,
// wire shapes in types.ts, its error body in errors.ts, its simulator in simulator.ts.
import type { ContactProvider } from "../../../src/graphql/enums.js";
import type { FieldRules } from "../../../src/providers/fields.js";
import type { ProviderDefinition } from "../../../src/providers/types.js";
import { ScratchClient } from "./client.js";
import { parseScratchError } from "./errors.js";
import { ScratchContactOptions } from "./options.js";
import { createScratchSimulator } from "./simulator.js";

export const scratchFields: FieldRules = {
  firstName: { to: "properties.firstname" },
  lastName: { to: "properties.lastname" },
  fullName: null,
  emails: { to: "properties.email", firstOnly: true, required: true, note: "Unique: a second contact with the same email is a DUPLICATE." },
  "emails.type": null,
  phones: { to: "properties.phone", firstOnly: true },
  "phones.type": null,
  addresses: null,
  "addresses.line1": null,
  "addresses.line2": null,
  "addresses.city": null,
  "addresses.state": null,
  "addresses.postalCode": null,
  "addresses.countryCode": null,
  "addresses.type": null,
  companyName: { to: "properties.company" },
  jobTitle: { to: "properties.jobtitle" },
  dateOfBirth: null,
  gender: null,
  taxId: null,
  companyRegistrationNumber: null,
  externalId: null,
  customFields: null,
};

export const scratch: ProviderDefinition<ScratchContactOptions> = {
  // Not a value of the compiled enum: register.ts adds it for the test-provider run (see the guide).
  id: "SCRATCH" as ContactProvider,
  label: "Scratch",
  docs: {
    summary: "test-only HubSpot-style CRM",
    api: "Scratch CRM `v3`",
    configuration: "Scratch, `Authorization: Bearer`",
    readBack: { request: "`GET crm/v3/objects/contacts/{id}`" },
  },
  optionsKey: "scratch",
  optionsInput: ScratchContactOptions,
  env: { prefix: "SCRATCH", defaultBaseUrl: "https://api.scratch.example", credentials: ["TOKEN"] },
  connection: "none",
  fields: scratchFields,
  auth: { headerNames: ["authorization"], headers: (config) => ({ authorization: `Bearer ${config.credentials.TOKEN}` }) },
  parseError: parseScratchError,
  responseHeaders: { requestId: ["x-hubspot-correlation-id"] },
  // Made up for the guide: a test provider documents no limits, so the budget is a guess.
  limits: { rate: [{ requests: 5, seconds: 1 }], scope: "credentials", readConcurrency: 4 },
  simulator: () => createScratchSimulator(),
  createClient: (upstream) => new ScratchClient(upstream),
};
