// Placeholder until the provider is implemented: it is listed, its options are in the schema,
// and every create answers PROVIDER_NOT_CONFIGURED.
import { ContactProvider } from "../../graphql/enums.js";
import { notConfigured } from "../../errors.js";
import { UNIFIED_FIELDS, type FieldRules } from "../fields.js";
import type { ProviderDefinition } from "../types.js";
import { StackOneContactOptions } from "./options.js";

export const stackone: ProviderDefinition<StackOneContactOptions> = {
  id: ContactProvider.STACKONE,
  label: "StackOne",
  optionsKey: "stackone",
  optionsInput: StackOneContactOptions,
  env: { prefix: "STACKONE", defaultBaseUrl: "https://example.invalid", credentials: ["API_KEY"] },
  connection: "none",
  fields: Object.fromEntries(UNIFIED_FIELDS.map((f) => [f, null])) as FieldRules,
  auth: { headerNames: [], headers: () => ({}) },
  parseError: () => ({}),
  createClient: () => {
    throw notConfigured("StackOne", "not implemented yet.");
  },
};
