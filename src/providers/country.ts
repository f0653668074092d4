import { CountryCodeResolver } from "graphql-scalars";

/**
 * A free-text country from a provider becomes countryCode only when it is a valid
 * ISO 3166-1 alpha-2 code: "UK" or "XX" would fail the CountryCode scalar and turn a whole read
 * into an error. The original value stays in providerData.
 */
export function toCountryCode(value: string | null | undefined): string | null {
  if (!value || !/^[a-z]{2}$/i.test(value.trim())) return null;
  try {
    return CountryCodeResolver.serialize(value.trim().toUpperCase()) as string;
  } catch {
    return null;
  }
}
