import fc from "fast-check";
import type { GraphQLFormattedError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createContext } from "../../src/context.js";
import { providerList } from "../../src/providers/index.js";
import { createLogger } from "../../src/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { createServer, type ContactsServer } from "../../src/server.js";
import { createArgs, optionFields } from "../reliability/arbitraries.js";
import { CREATE } from "../reliability/support.js";

// Issue 16: no input that fits the schema's types gives a top-level error when a user error would
// do; and what does not fit the types names its path in extensions.field.

/** Text a form could send: often padded, blank, long, in another notation, or not what the field wants. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "\t", " Ada ", "x".repeat(70), "é".repeat(40), "a\nb", "\u0000") },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const typedInput = fc.record(
  {
    firstName: maybe(text),
    lastName: maybe(text),
    fullName: maybe(text),
    emails: maybe(
      fc.array(
        fc.record(
          {
            address: fc.oneof(
              fc.emailAddress(),
              fc.emailAddress().map((e) => ` ${e} `),
              text,
            ),
            type: maybe(fc.constantFrom("PERSONAL", "WORK", "OTHER")),
          },
          { requiredKeys: ["address"] },
        ),
        { maxLength: 3 },
      ),
    ),
    phones: maybe(
      fc.array(
        fc.record(
          {
            number: fc.oneof(fc.constantFrom("+442079460958", "0612345678", " 020 7946 0958 ", "+1", "call me"), text),
            countryCode: maybe(fc.oneof(fc.constantFrom("GB", "ma", " fr ", "XX", "Morocco", ""), text)),
            type: maybe(fc.constantFrom("MOBILE", "HOME", "WORK", "OTHER")),
          },
          { requiredKeys: ["number"] },
        ),
        { maxLength: 3 },
      ),
    ),
    addresses: maybe(
      fc.array(
        fc.record(
          {
            line1: maybe(text),
            line2: maybe(text),
            city: maybe(text),
            state: maybe(text),
            postalCode: maybe(text),
            countryCode: maybe(fc.oneof(fc.constantFrom("GB", "es", "XX", "GBR", " "), text)),
            type: maybe(fc.constantFrom("HOME", "WORK", "BILLING", "SHIPPING", "OTHER")),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    ),
    companyName: maybe(text),
    jobTitle: maybe(text),
    taxId: maybe(text),
    companyRegistrationNumber: maybe(text),
    externalId: maybe(text),
    dateOfBirth: maybe(fc.oneof(fc.constantFrom("1815-12-10", "10/12/1815", "1990-02-30", " 1990-01-01 ", "", "1990-1-1"), text)),
    gender: maybe(fc.constantFrom("FEMALE", "MALE")),
    customFields: maybe(
      fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant([1]), fc.constant({ a: 1 })), {
        maxKeys: 3,
      }),
    ),
    // Every provider's options, field by field from its option input (test/reliability/arbitraries.ts).
    ...Object.fromEntries(
      providerList.map((definition) => [
        definition.optionsKey,
        maybe(
          fc.record(
            Object.fromEntries(
              optionFields(definition).map((field) => {
                const value: fc.Arbitrary<unknown> =
                  field.kind === "enum"
                    ? fc.constantFrom(...field.values)
                    : field.kind === "json"
                      ? fc.dictionary(text, text, { maxKeys: 2 })
                      : text;
                return [field.name, maybe<unknown>(field.list ? fc.array(value, { maxLength: 3 }) : value)];
              }),
            ),
            { requiredKeys: [] },
          ),
        ),
      ]),
    ),
  },
  { requiredKeys: [] },
);
const typedArgs = fc.record({
  provider: fc.constantFrom(...providerList.map((definition) => definition.id)),
  input: typedInput,
  idempotencyKey: maybe(fc.oneof(fc.uuid(), text)),
});

type TypedArgs = typeof typedArgs extends fc.Arbitrary<infer T> ? T : never;
const regressions: [TypedArgs][] = [
  [{ provider: "SCRATCH" as TypedArgs["provider"], input: { emails: [{ address: "#@A" }] }, idempotencyKey: undefined }],
];

describe("generated inputs", () => {
  let sandbox: Sandbox;
  let server: ContactsServer;
  let run: (
    query: string,
    variables: unknown,
  ) => Promise<{ errors?: readonly GraphQLFormattedError[]; data: Record<string, { userErrors: unknown[] }> | null }>;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
    sandbox = await startSandbox(2_000);
    config.providers = sandbox.providers;
    const logger = createLogger({ level: "silent" });
    server = await createServer(config, logger);
    run = async (query, variables) => {
      const res = await server.apollo.executeOperation(
        { query, variables: variables as Record<string, unknown> },
        { contextValue: createContext(config, logger) },
      );
      if (res.body.kind !== "single") throw new Error("incremental delivery is not expected");
      return { errors: res.body.singleResult.errors, data: res.body.singleResult.data as never };
    };
  });
  afterAll(async () => {
    await server?.stop();
    await sandbox?.close();
  });

  it("that fit the schema's types never get a top-level error: every problem is a user error with a path", async () => {
    const preview = `query($provider: ContactProvider!, $input: CreateContactInput!) {
      previewCreateContact(provider: $provider, input: $input) { userErrors { field code } }
    }`;
    let withUserErrors = 0;
    await fc.assert(
      fc.asyncProperty(typedArgs, async (args) => {
        const created = await run(
          CREATE.replace("$key: String", "$idempotencyKey: String").replace("idempotencyKey: $key", "idempotencyKey: $idempotencyKey"),
          args,
        );
        expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
        const previewed = await run(preview, { provider: args.provider, input: args.input });
        expect(previewed.errors, JSON.stringify(previewed.errors)).toBeUndefined();
        const { userErrors } = created.data!.createContact as { userErrors: { field: string[] | null }[] };
        for (const error of userErrors) expect(error.field).not.toBeNull();
        if (userErrors.length) withUserErrors++;
      }),
      {
        numRuns: 600,
        // Inputs a run once found (the first: an email a provider rejects, naming the field, that our parser dropped).
        examples: regressions.filter(([args]) => providerList.some((definition) => definition.id === args.provider)),
      },
    );
    // Most generated inputs have a problem, or the property would prove little.
    expect(withUserErrors).toBeGreaterThan(300);
  }, 60_000);

  it("that do not fit the types name the path of each BAD_USER_INPUT in extensions.field", async () => {
    let badInput = 0;
    await fc.assert(
      fc.asyncProperty(createArgs, async (args) => {
        const { errors } = await run(CREATE, args);
        for (const error of errors ?? []) {
          if (error.extensions?.code !== "BAD_USER_INPUT") continue;
          badInput++;
          const field = error.extensions.field as string[];
          expect(["provider", "input", "connectionId", "key"]).toContain(field[0]);
          expect(field.every((part) => typeof part === "string")).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
    expect(badInput).toBeGreaterThan(50);
  }, 60_000);
});
