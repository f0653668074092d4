import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for the tests' operations. Reads schema.api.graphql (the full API schema with
// _entities/_service), not the subgraph SDL, which lacks the federation directive definitions.
const config: CodegenConfig = {
  schema: "schema.api.graphql",
  documents: ["test/operations/**/*.graphql"],
  emitLegacyCommonJSImports: false,
  silent: true,
  generates: {
    "test/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: {
          CountryCode: "string",
          LocalDate: "string",
          DateTime: "string",
          JSONObject: "Record<string, unknown>",
          _Any: "Record<string, unknown>",
        },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};
export default config;
