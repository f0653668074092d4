import fc from "fast-check";
import { GraphQLScalarType } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { providerList } from "../../src/providers/index.js";
import type { ProviderDefinition } from "../../src/providers/types.js";

// CreateContactInput-shaped values: mostly plausible, often wrong in one place (type, enum,
// format, length, unknown key), so both the schema and the provider rules get exercised.
// Plausible emails, phones and external ids are fresh per case (uuids, 10⁸ phone numbers), so a
// simulator that keeps its provider's uniqueness rules answers them as new contacts.

export interface OptionField {
  name: string;
  kind: "text" | "enum" | "json";
  values: string[];
  list: boolean;
}

/** The fields of a provider's option input, read from its type-graphql class: fuzz suites build its options from them. */
export function optionFields(definition: ProviderDefinition<unknown>): OptionField[] {
  return getMetadataStorage()
    .fields.filter((field) => field.target === definition.optionsInput)
    .map((field) => {
      const type: unknown = field.getType();
      const kind =
        type === String || (type instanceof GraphQLScalarType && type.name === "ID")
          ? "text"
          : type instanceof GraphQLScalarType
            ? "json"
            : "enum";
      return { name: field.name, kind, values: kind === "enum" ? Object.keys(type as object) : [], list: !!field.typeOptions.array };
    });
}

/** Any UTF-16 code unit: NUL, control characters and lone surrogates included. */
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 });

/** `depth` levels of objects and lists around `leaf`, built without recursion. */
export function nest(depth: number, leaf: unknown, lists = false): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = lists && i % 2 ? [value] : { a: value };
  return value;
}

/** An object whose only own key is `key` (`__proto__` included, as JSON.parse makes it). */
const withKey = (key: string, value: unknown) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Record<string, unknown>;

/**
 * What a JSONObject input (customFields, a provider's JSON option) may be sent:
 * deep, wide, numbers JSON cannot carry, strings that are not text, keys that are not names.
 */
export const hostileJson = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.integer({ min: 1, max: 12_000 }).chain((depth) => fc.boolean().map((lists) => ({ deep: nest(depth, 1, lists) }))),
  },
  // Built once: a fresh 5,000-member object per run would cost more than the request it is sent in.
  {
    weight: 1,
    arbitrary: fc.constantFrom(...[4_990, 5_001, 6_000].map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
  },
  { weight: 2, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 1e308, -0, 2 ** 53 + 2, Number.MIN_VALUE).map((n) => ({ n })) },
  { weight: 2, arbitrary: fc.tuple(codeUnits, codeUnits).map(([key, value]) => withKey(key || "k", value)) },
  { weight: 1, arbitrary: fc.constantFrom("\ud800", "a\udfffb", "\udc00\ud800", "nul\u0000", "\u0000").map((s) => ({ s })) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype").map((key) => withKey(key, { polluted: true })) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 4 }) },
);

/** `wild`: any value, often of the wrong type; otherwise values a caller would plausibly send (still often refused by a provider's rules). */
function contactInput(wild: boolean) {
  const text = wild
    ? fc.oneof(
        { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
        { weight: 1, arbitrary: fc.constantFrom("", " ", "x".repeat(31), "é".repeat(300), "\u0000\u001f", "<script>", "a\nb") },
        { weight: 1, arbitrary: fc.string({ minLength: 256, maxLength: 2_000 }) },
      )
    : fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,20}$/);
  const wrong = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({ nested: { deep: 1 } }));
  /** A valid value most of the time, sometimes null, sometimes a value of the wrong type. */
  const maybe = <T>(valid: fc.Arbitrary<T>) =>
    wild
      ? fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: wrong })
      : fc.option(valid);
  /** An enum or code: one of `valid`; when wild, also one of `invalid` or any text. */
  const oneOf = (valid: string[], invalid: string[] = []) =>
    maybe(
      wild
        ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...valid, ...invalid) }, { weight: 1, arbitrary: text })
        : fc.constantFrom(...valid),
    );
  const list = <T>(item: fc.Arbitrary<T>) => maybe(fc.array(item, { maxLength: 4 }));

  const email = fc.record(
    {
      address: wild ? maybe(fc.oneof(fc.emailAddress(), text)) : fc.uuid().map((id) => `contact.${id}@example.com`),
      type: oneOf(["PERSONAL", "WORK", "OTHER"]),
    },
    { requiredKeys: ["address"] },
  );
  const phone = fc.record(
    {
      number: wild
        ? maybe(
            fc.oneof(
              fc.constantFrom("+14155552671", "+442079460958", "020 7946 0958", "call me", "+1"),
              fc.stringMatching(/^\+?[0-9 ()-]{1,20}$/),
              text,
            ),
          )
        : fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+4478${String(n).padStart(8, "0")}`),
      countryCode: oneOf(["GB", "US", "MA", "FR"], ["gb", "ZZ"]),
      type: oneOf(["MOBILE", "HOME", "WORK", "OTHER"]),
    },
    { requiredKeys: ["number"] },
  );
  const address = fc.record(
    {
      line1: maybe(text),
      line2: maybe(text),
      city: maybe(text),
      state: maybe(text),
      postalCode: maybe(text),
      countryCode: oneOf(["GB", "US", "ES"], ["gbr"]),
      type: oneOf(["HOME", "WORK", "BILLING", "SHIPPING", "OTHER"]),
    },
    { requiredKeys: [] },
  );
  /** A provider's option input, field by field: enums get their values (and a wrong one). */
  const optionsOf = (definition: ProviderDefinition<unknown>) =>
    fc.record(
      Object.fromEntries(
        optionFields(definition).map((field) => {
          const value: fc.Arbitrary<unknown> =
            field.kind === "enum"
              ? oneOf(field.values, ["NOT_A_VALUE"])
              : field.kind === "json"
                ? wild
                  ? fc.oneof(fc.object({ maxDepth: 1 }), hostileJson)
                  : fc.object({ maxDepth: 1 })
                : text;
          return [field.name, field.list ? list(value) : maybe(value)];
        }),
      ),
      { requiredKeys: [] },
    );
  const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }));

  return fc
    .record(
      {
        firstName: maybe(text),
        lastName: maybe(text),
        fullName: maybe(text),
        emails: list(email),
        phones: list(phone),
        addresses: list(address),
        companyName: maybe(text),
        jobTitle: maybe(text),
        dateOfBirth: maybe(
          fc.oneof(
            fc
              .date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("2099-12-31") })
              .map((d) => d.toISOString().slice(0, 10)),
            wild ? fc.constantFrom("1990-02-30", "yesterday", "1990-1-1") : fc.constant("1990-01-01"),
          ),
        ),
        gender: oneOf(["FEMALE", "MALE"], ["OTHER"]),
        taxId: maybe(text),
        companyRegistrationNumber: maybe(text),
        externalId: maybe(wild ? text : fc.uuid()),
        customFields: maybe(
          fc.oneof(
            fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), scalar, { maxKeys: 5 }),
            fc.dictionary(fc.string({ maxLength: 5 }), fc.object(), { maxKeys: 2 }),
            ...(wild ? [hostileJson] : []),
          ),
        ),
        // Rare per provider: most inputs carry no options, as most callers send none.
        ...Object.fromEntries(
          providerList.map((definition) => [
            definition.optionsKey,
            fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: maybe(optionsOf(definition)) }),
          ]),
        ),
      },
      { requiredKeys: [] },
    )
    .chain((input) =>
      // An unknown key is rare (1 in 13 wild inputs): otherwise every case would stop at coercion.
      fc.integer({ min: 0, max: 12 }).map((dice) => (wild && dice === 0 ? { ...input, bogus: "unknown key" } : input)),
    );
}

/** Where the schema takes any JSON: customFields and every provider's JSON option fields. */
const jsonPlaces = [
  "customFields",
  ...providerList.flatMap((definition) =>
    optionFields(definition)
      .filter((field) => field.kind === "json" && !field.list)
      .map((field) => `${definition.optionsKey}.${field.name}`),
  ),
];

/** A plausible input with one hostile JSON value where the schema takes any JSON: it reaches the resolver. */
const hostileInput = fc.tuple(contactInput(false), fc.constantFrom(...jsonPlaces), hostileJson).map(([input, where, json]) => {
  const [field, member] = where.split(".");
  return { ...input, [field]: member ? { [member]: json } : json };
});

export const createArgs = fc.record(
  {
    provider: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...providerList.map((definition) => definition.id)) },
      { weight: 1, arbitrary: fc.constantFrom("NOPE", providerList[0].id.toLowerCase()) },
    ),
    input: fc.oneof(
      { weight: 10, arbitrary: contactInput(false) },
      { weight: 10, arbitrary: contactInput(true) },
      { weight: 4, arbitrary: hostileInput },
      { weight: 1, arbitrary: fc.integer() },
    ),
    connectionId: fc.option(
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constant("sandbox_account_1"),
        codeUnits,
        fc.constantFrom("acc\r\nx-injected: 1", "acc\u0000", "a".repeat(256), "..", "acc 1", "acc/1?x#y"),
      ),
      { freq: 3 },
    ),
    idempotencyKey: fc.option(
      fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }), codeUnits, fc.constantFrom("key\r\nx: 1", "k".repeat(256))),
    ),
  },
  { requiredKeys: ["provider", "input"] },
);
