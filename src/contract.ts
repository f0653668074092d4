import { Kind, visit, type DocumentNode, type DirectiveNode } from "graphql";

const tagged = (tags: ReadonlySet<string>) => (node: { directives?: readonly DirectiveNode[] }) =>
  !!node.directives?.some(
    (directive) =>
      directive.name.value === "tag" &&
      directive.arguments?.some(
        (argument) => argument.name.value === "name" && argument.value.kind === Kind.STRING && tags.has(argument.value.value),
      ),
  );

const DEFINITIONS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);
const ROOTS = new Set(["Query", "Mutation", "Subscription"]);

/**
 * A contract variant of a subgraph's SDL, as GraphOS contracts make one from `@tag`: every type,
 * field, argument and enum value carrying one of `tags` is removed, then every type nothing refers
 * to any more (the types only a removed field returned). Entities (`@key`) and root types stay.
 */
export function excludeTagged(document: DocumentNode, tags: Iterable<string>): DocumentNode {
  const isTagged = tagged(new Set(tags));
  const strip = (node: { directives?: readonly DirectiveNode[] }) => (isTagged(node) ? null : undefined);
  let result = visit(document, {
    ObjectTypeDefinition: strip,
    ObjectTypeExtension: strip,
    InterfaceTypeDefinition: strip,
    InputObjectTypeDefinition: strip,
    EnumTypeDefinition: strip,
    UnionTypeDefinition: strip,
    ScalarTypeDefinition: strip,
    FieldDefinition: strip,
    InputValueDefinition: strip,
    EnumValueDefinition: strip,
  });
  // Prune until nothing changes: removing one type can orphan the types only it referred to.
  for (;;) {
    const referenced = new Set<string>();
    for (const definition of result.definitions)
      visit(definition, {
        NamedType: (node) => {
          referenced.add(node.name.value);
        },
      });
    const orphan = (definition: DocumentNode["definitions"][number]) =>
      DEFINITIONS.has(definition.kind) &&
      "name" in definition &&
      definition.name !== undefined &&
      !ROOTS.has(definition.name.value) &&
      !referenced.has(definition.name.value) &&
      !(definition as { directives?: readonly DirectiveNode[] }).directives?.some((directive) => directive.name.value === "key");
    const kept = result.definitions.filter((definition) => !orphan(definition));
    if (kept.length === result.definitions.length) return result;
    result = { ...result, definitions: kept };
  }
}
