import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerList } from "../../src/providers/index.js";
import { CreateContactDocument, PreviewCreateContactDocument, type ContactProvider } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

// Issue 14: a country code in lower case passed the scalar but reached Stora as "gb", and made
// every national phone number unreadable. It is normalised once, in the shared normaliser.
describe("country codes in lower case", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const base = { lastName: "Lovelace", emails: [{ address: "ada@example.com" }] };

  it.each(providerList.map((definition) => [definition.id as ContactProvider]))(
    "%s reads 0612345678 with countryCode ma as +212612345678",
    async (provider) => {
      const res = await execute(subgraph.url, PreviewCreateContactDocument, {
        provider,
        input: { ...base, phones: [{ number: "0612345678", countryCode: "ma" }] },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.previewCreateContact.userErrors).toEqual([]);
      expect(JSON.stringify(res.data!.previewCreateContact.body)).toContain("+212612345678");
    },
  );

  it("reads a national number with the lower-case country of the first address", async () => {
    const res = await execute(subgraph.url, PreviewCreateContactDocument, {
      provider: "GOMOBILE",
      input: { phones: [{ number: "020 7946 0958" }], addresses: [{ city: "London", countryCode: "gb" }] },
    });
    expect(res.data!.previewCreateContact.userErrors).toEqual([]);
    expect(JSON.stringify(res.data!.previewCreateContact.body)).toContain("+442079460958");
  });

  it('sends "gb" to Stora as "GB", and reads it back so', async () => {
    const input = { ...base, addresses: [{ line1: "1 Main St", city: "London", countryCode: "gb" }] };
    const preview = await execute(subgraph.url, PreviewCreateContactDocument, { provider: "STORA", input });
    expect(preview.data!.previewCreateContact.body).toMatchObject({ address: { country_alpha2: "GB" } });
    const created = await execute(subgraph.url, CreateContactDocument, { provider: "STORA", input });
    expect(created.data!.createContact.userErrors).toEqual([]);
    expect(created.data!.createContact.contact!.addresses[0].countryCode).toBe("GB");
  });
});
