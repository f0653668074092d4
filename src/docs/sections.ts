import { FIELD_TABLE_END, FIELD_TABLE_START, renderFieldTable } from "./field-table.js";
import { providerConfigurationTable, providerTable, readBackTable, type GeneratedSection } from "./provider-tables.js";
import type { ProviderDefinition } from "../providers/types.js";

const fieldTable: GeneratedSection = {
  start: FIELD_TABLE_START,
  end: FIELD_TABLE_END,
  // renderFieldTable includes its own markers.
  render: (providers) => renderFieldTable(providers).slice(FIELD_TABLE_START.length + 1, -(FIELD_TABLE_END.length + 1)),
};

/** Every README section generated from the provider definitions. */
export const README_SECTIONS: GeneratedSection[] = [providerTable, providerConfigurationTable, fieldTable, readBackTable];

/** A section with its markers, as the README must contain it. */
export const renderSection = (section: GeneratedSection, providers: ProviderDefinition<unknown>[]) =>
  `${section.start}\n${section.render(providers)}\n${section.end}`;

/** The README with every generated section rewritten; throws when a section's markers are missing. */
export function regenerateReadme(readme: string, providers: ProviderDefinition<unknown>[]): string {
  for (const section of README_SECTIONS) {
    const start = readme.indexOf(section.start);
    const end = readme.indexOf(section.end);
    if (start < 0 || end < start) throw new Error(`README.md has no markers ${section.start} … ${section.end}`);
    readme = readme.slice(0, start) + renderSection(section, providers) + readme.slice(end + section.end.length);
  }
  return readme;
}
