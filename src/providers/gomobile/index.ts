// Placeholder until the provider is implemented: it is listed, its options are in the schema,
// and every create answers PROVIDER_NOT_CONFIGURED.
import { ContactProvider } from "../../graphql/enums.js";
import { notConfigured } from "../../errors.js";
import { UNIFIED_FIELDS, type FieldRules } from "../fields.js";
import type { ProviderDefinition } from "../types.js";
import { GomobileContactOptions } from "./options.js";

export const gomobile: ProviderDefinition<GomobileContactOptions> = {
  id: ContactProvider.GOMOBILE,
  label: "Gomobile",
  optionsKey: "gomobile",
  optionsInput: GomobileContactOptions,
  env: { prefix: "GOMOBILE", defaultBaseUrl: "https://example.invalid", credentials: ["API_KEY"] },
  connection: "none",
  fields: Object.fromEntries(UNIFIED_FIELDS.map((f) => [f, null])) as FieldRules,
  auth: { headerNames: [], headers: () => ({}) },
  parseError: () => ({}),
  createClient: () => {
    throw notConfigured("Gomobile", "not implemented yet.");
  },
};
