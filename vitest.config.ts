import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // Vite would resolve `graphql` to its .mjs build while @apollo/* and type-graphql load the
  // CommonJS one: two realms, and "Cannot use GraphQLNonNull from another module or realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    setupFiles: ["reflect-metadata"],
    // Redis for the tests (a throwaway redis-server when none answers), and one line for what is missing.
    globalSetup: ["test/setup/global.ts"],
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
