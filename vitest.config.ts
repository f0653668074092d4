import { createRequire } from "node:module";
import { configDefaults, defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/** The suites that take their providers from the registry: a new provider is in them without an edit. */
const SHARED_SUITES = [
  "test/contract.test.ts",
  "test/federation/entities.test.ts",
  "test/reliability/faults.test.ts",
  "test/reliability/bad-input.test.ts",
  "test/providers/fixtures-replay.test.ts",
  "test/input/fuzz.test.ts",
];
const TEST_PROVIDER = "test/providers/scratch";

// Vite would resolve `graphql` to its .mjs build while @apollo/* and type-graphql load the
// CommonJS one: two realms, and "Cannot use GraphQLNonNull from another module or realm".
const resolve = { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] };
const shared = { setupFiles: ["reflect-metadata"], testTimeout: 20_000, hookTimeout: 30_000 };

export default defineConfig({
  resolve,
  test: {
    // Redis for the tests (a throwaway redis-server when none answers), and one line for what is missing.
    // Here only: the projects below do not extend this config, so it runs once for both.
    globalSetup: ["test/setup/global.ts"],
    projects: [
      {
        resolve,
        test: { ...shared, name: "subgraph", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, `${TEST_PROVIDER}/**`] },
      },
      // The guide's proof (docs/adding-a-provider.md): a provider that lives only under test/ is
      // registered by a setup file, and the shared suites, unchanged, run against it.
      {
        resolve,
        test: {
          ...shared,
          name: "test-provider",
          include: [...SHARED_SUITES, `${TEST_PROVIDER}/**/*.test.ts`],
          setupFiles: ["reflect-metadata", `${TEST_PROVIDER}/register.ts`],
        },
      },
    ],
  },
});
