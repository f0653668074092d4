import type { CodegenConfig } from "@graphql-codegen/cli";

// The scalar map a frontend uses too (README, For frontends): every custom scalar travels as JSON.
const scalars = {
  CountryCode: "string",
  LocalDate: "string",
  DateTime: "string",
  JSONObject: "Record<string, unknown>",
  _Any: "Record<string, unknown>",
};

// Typed documents for the tests' operations and for the example form. Reads schema.api.graphql (the
// full API schema with _entities/_service), not the subgraph SDL, which lacks the federation directive
// definitions.
const config: CodegenConfig = {
  schema: "schema.api.graphql",
  emitLegacyCommonJSImports: false,
  silent: true,
  generates: {
    "test/gql/": {
      documents: ["test/operations/**/*.graphql"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
    },
    // The browser example: documents as typed strings, sent with fetch (no GraphQL client needed).
    "examples/contact-form/src/gql/": {
      documents: ["examples/contact-form/*.graphql"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: "string" },
    },
  },
};
export default config;
