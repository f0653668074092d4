import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { providerList } from "../../src/providers/index.js";
import { notesSdl } from "./notes-subgraph.js";
import { composeWithNotes, contactsSdl } from "./supergraph.js";

// Hints that do not change what a client can query; everything else is a failure.
const HARMLESS_HINTS = new Set<string>([]);

describe("schema.graphql in a supergraph", () => {
  it("composes with a subgraph that references Contact, without errors or hints that matter", async () => {
    const result = await composeWithNotes();
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(
      (result.hints ?? []).filter((h) => !HARMLESS_HINTS.has(h.definition.code)).map((h) => `${h.definition.code}: ${h.message}`),
    ).toEqual([]);
    const supergraph = result.supergraphSdl!;
    expect(supergraph).toMatch(/type Contact\s+@join__type\(graph: CONTACTS, key: "id"\)\s+@join__type\(graph: NOTES, key: "id"\)/);
    // Contracts can only hide what carries the tag in the supergraph.
    expect(supergraph).toMatch(/providerData: JSONObject @join__field\(graph: CONTACTS\) @tag\(name: "internal"\)/);
    expect(supergraph).toMatch(
      /previewCreateContact\([\s\S]*?\): ContactRequestPreview! @join__field\(graph: CONTACTS\) @tag\(name: "internal"\)/,
    );
  });

  it("keeps every type name it owns prefixed, so another team's Email, Gender or EmailInput cannot collide", async () => {
    const sdl = parse(await contactsSdl());
    const names = sdl.definitions.flatMap((d) => ("name" in d && d.name && d.kind !== "ScalarTypeDefinition" ? [d.name.value] : []));
    // A provider's own types (its options and their enums) start with its label.
    const prefixes = ["Contact", "CreateContact", ...providerList.map((definition) => definition.label.replace(/\W/g, ""))];
    const unprefixed = names.filter((n) => !new RegExp(`^(${prefixes.join("|")})[A-Z]?`).test(n) && n !== "Query" && n !== "Mutation");
    expect(unprefixed).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(["ContactEmail", "ContactPhone", "ContactAddress", "ContactGender", "ContactEmailInput"]));
  });

  it("composes next to a subgraph whose Gender, EmailType and EmailInput differ from ours", async () => {
    const other = `${await notesSdl()}
      enum Gender { FEMALE MALE NON_BINARY }
      enum EmailType { PRIMARY SECONDARY }
      enum PhoneType { LANDLINE }
      enum AddressType { POSTAL }
      input EmailInput { value: String!, type: EmailType }
      input PhoneInput { e164: String!, type: PhoneType }
      input AddressInput { formatted: String!, type: AddressType, gender: Gender }
      type Mutation { addAuthor(email: EmailInput, phone: PhoneInput, address: AddressInput): Author }
      extend type Author { gender: Gender, emailType: EmailType, phoneType: PhoneType, addressType: AddressType }`;
    const result = composeServices([
      { name: "contacts", url: "http://contacts", typeDefs: parse(await contactsSdl()) },
      { name: "people", url: "http://people", typeDefs: parse(other) },
    ]);
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
  });

  it("uses @shareable nowhere: no field of this subgraph is meant to be resolved by another one", async () => {
    const sdl = await contactsSdl();
    expect(sdl.replace(/import: \[[^\]]*\]/, "")).not.toContain("@shareable");
  });
});
