import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { providerList } from "../../src/providers/index.js";
import type { ProviderDefinition } from "../../src/providers/types.js";

// Everything a provider knows lives in its folder: `src/providers/<name>/`, `test/providers/<name>/`
// and `test/fixtures/<name>/` (<name> is its id in lower case). Anywhere else in src/ and test/,
// its name or an identifier made from it (`STORA`, `Stora`, `stora`, `createStoraSimulator`,
// `STORA_TOKEN`) means knowledge that a new provider would have to add by hand, or that goes
// stale when one changes. Allowed outside the folder: the enum value in src/graphql/enums.ts and
// the import and registry line in src/providers/index.ts, which register it, and the test files
// listed in VEHICLES below.

const root = new URL("../../", import.meta.url);

/**
 * Tests of one cross-cutting behaviour that need a real provider with a particular documented trait
 * to show it (the only one with an Idempotency-Key, the one with a token exchange, ...). They name
 * the provider they ride on; they are not lists of providers, and a new provider never edits them.
 * Keep this list short: a test about one provider belongs in test/providers/<name>/.
 */
const VEHICLES: Record<string, string> = {
  "test/config.test.ts": "configuration errors are shown on concrete variables (STORA_TOKEN, MASIVO_ACCOUNT_ID)",
  "test/process.test.ts": "a started process is configured with one real provider's variables",
  "test/global-id.test.ts": "ids are encoded for concrete providers, one with a connection and one without",
  "test/schema.test.ts": "the design contract names these option inputs, and the test keeps the contract's names",
  "test/federation/batching.test.ts": "50 references read through the provider with the documented rate limit",
  "test/federation/gateway.test.ts": "a gateway query crosses into contacts created in concrete providers",
  "test/federation/service.test.ts": "_service and _entities on one provider's contact",
  "test/observability/create-contact.test.ts": "logs, spans and metrics of one create, through one provider",
  "test/observability/failure.test.ts": "a failing provider call, logged and counted",
  "test/observability/not-found.test.ts": "a read answered 404 by one provider",
  "test/observability/masivo-authorize.test.ts": "the token exchange, which only one provider has, as a hop of the request",
  "test/observability/tracing-off.test.ts": "traceparent passed on to one provider",
  "test/observability/metrics.test.ts": "metric labels of a call to one provider",
  "test/reliability/faults.test.ts": "the one provider with an Idempotency-Key may resend a create",
  "test/reliability/idempotency.test.ts": "replays through the provider whose own Idempotency-Key replay is checked too",
  "test/reliability/idempotency-release.test.ts": "a key freed after failures that provably created nothing",
  "test/reliability/limits.test.ts": "limits checked on creates to one provider",
  "test/normalize.test.ts": "blank items dropped from one provider's list and JSON options",
  "test/input/bad-user-input.test.ts": "type errors deep in one provider's input and options",
  "test/input/country-code.test.ts": "a country code sent to the provider that wants ISO codes, and one whose phones need a region",
  "test/input/one-answer.test.ts": "every problem in one answer, with the rules of a provider that has them",
  "test/browser/contact-form.test.ts": "the example form creates in the provider whose rules it shows",
  "test/logs.test.ts": "a production start with one provider's variables",
  "test/package.test.ts": "the packed production install, configured with one provider",
  "test/federation/contact-query.test.ts": "contact(id) reads one provider's contact back",
  "test/federation/hive-gateway.test.ts": "creates through Hive Gateway in one provider",
  "test/reliability/memory-bound.test.ts": "the in-process store's bound, filled through one provider",
  "test/reliability/redis-restart.test.ts": "Redis killed while a create without idempotency is at the provider",
  "test/shutdown.test.ts": "a shutdown while a slow create is at one provider",
  "test/federation/entity-ids.test.ts": "ids refused before any call, against a fake of each provider's read path",
  "test/reliability/json-bounds.test.ts": "bounds on customFields and the JSON options of the providers that take JSON",
  "test/reliability/never-sent.test.ts": "connection ids of the providers that put one in a header or a query",
  "test/reliability/upstream-text.test.ts": "each provider's own error body echoing credentials and personal data",
  "test/reliability/suggestions.test.ts": "a misspelt enum value is answered with the nearest provider's name",
  "test/reliability/record-values.test.ts": "a created record, in one provider's envelope, whose values do not fit the output types",
  "test/reliability/sandbox-memory.test.ts": "the sandbox fed large creates through the provider that keeps a replay of each",
};

const folderOf = (definition: ProviderDefinition<unknown>) => definition.id.toLowerCase();

/** Every spelling of a provider's name as a word or as part of an identifier, but not inside another word ("localStorage"). */
function namePattern(definition: ProviderDefinition<unknown>): RegExp {
  const word = definition.label.replace(/\W/g, "");
  const camel = word[0].toLowerCase() + word.slice(1);
  const spellings = [
    `(?<![A-Za-z])${word.toLowerCase()}(?![a-z])`,
    `(?<![A-Za-z])${camel}(?![a-z])`,
    `${word}(?![a-z])`,
    `(?<![A-Z])${word.toUpperCase()}(?![A-Z])`,
    `(?<![A-Za-z])${definition.env.prefix}(?![A-Z])`,
    `(?<![A-Za-z])${definition.optionsKey}(?![a-z])`,
  ];
  return new RegExp(spellings.join("|"), "g");
}

function filesUnder(dir: string): string[] {
  return (readdirSync(new URL(dir, root), { recursive: true }) as string[])
    .map((file) => `${dir}${file.split("\\").join("/")}`)
    .filter((file) => /\.(ts|json|graphql)$/.test(file) && !file.startsWith("test/gql/"));
}

/** Lines of `file` that name `definition` where only its own folder may. */
function misplaced(file: string, definition: ProviderDefinition<unknown>): string[] {
  const folder = folderOf(definition);
  if ([`src/providers/${folder}/`, `test/providers/${folder}/`, `test/fixtures/${folder}/`].some((own) => file.startsWith(own))) return [];
  const pattern = namePattern(definition);
  return readFileSync(new URL(file, root), "utf8")
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => {
      if (!line.match(pattern)) return false;
      // The registration: the enum value, and the import and registry line.
      if (file === "src/graphql/enums.ts") return line !== `${definition.id} = "${definition.id}",`;
      if (file === "src/providers/index.ts")
        return (
          !new RegExp(`^import \\{ \\w+ \\} from "\\./${folder}/index\\.js";$`).test(line) &&
          !line.startsWith(`[ContactProvider.${definition.id}]: `)
        );
      return true;
    })
    .map(({ line, number }) => `${file}:${number}: ${line}`);
}

describe("a provider's name appears only in its own folder", () => {
  // This file names no provider but spells out how names look, in its comments and VEHICLES.
  const files = [...filesUnder("src/"), ...filesUnder("test/")].filter((file) => file !== "test/architecture/provider-names.test.ts");

  it("in src/: outside the enum value and the registry line, nothing names a provider", () => {
    const found = files
      .filter((file) => file.startsWith("src/"))
      .flatMap((file) => providerList.flatMap((definition) => misplaced(file, definition)));
    expect(found, "move this knowledge into the provider's definition or folder").toEqual([]);
  });

  it("in test/: shared suites and helpers derive their providers from providerList", () => {
    const found = files
      .filter((file) => file.startsWith("test/") && !(file in VEHICLES))
      .flatMap((file) => providerList.flatMap((definition) => misplaced(file, definition)));
    expect(found, "derive the list from providerList, or move the test to test/providers/<name>/").toEqual([]);
  });

  it("lists as vehicles only test files that exist and do name a provider", () => {
    const stale = Object.keys(VEHICLES).filter(
      (file) => !files.includes(file) || providerList.every((definition) => misplaced(file, definition).length === 0),
    );
    expect(stale).toEqual([]);
  });

  it("recognises a name in an identifier but not inside another word", () => {
    const [definition] = providerList;
    const word = definition.label.replace(/\W/g, "");
    expect(`create${word}Simulator`).toMatch(namePattern(definition));
    expect(`${definition.env.prefix}_TOKEN`).toMatch(namePattern(definition));
    expect(`${word.toLowerCase()}Id`).toMatch(namePattern(definition));
  });
});
