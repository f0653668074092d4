// Setup file of the `test-provider` vitest project (vitest.config.ts): registers the test-only
// Scratch provider before any suite imports the registry, as the one line in src/providers/index.ts
// and the enum value would, and leaves it the only provider, so the shared suites run against it
// alone (the default project runs them against the real ones).
import "reflect-metadata";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { providerList, providers } from "../../../src/providers/index.js";
import { scratch } from "./index.js";

// The enum is a plain object until the schema is built: type-graphql reads its values then.
(ContactProvider as Record<string, string>)[scratch.id] = scratch.id;
(providers as Record<string, unknown>)[scratch.id] = scratch;
providerList.splice(0, providerList.length, scratch);
