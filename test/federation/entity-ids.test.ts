import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../src/graphql/enums.js";
import { encodeContactId } from "../../src/providers/global-id.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { post } from "../reliability/support.js";

// Ids are ids: a global id is the caller's to forge, so what it carries must not steer a request
// somewhere else, and what comes back must be the record that was asked for.

const ENTITIES = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Contact { id providerId } } }`;
const FOLDERS: Record<ContactProvider, string> = {
  STORA: "stora",
  MASIVO: "masivo",
  STACKONE: "stackone",
  GOMOBILE: "gomobile",
  ALLOY: "alloy",
};
/** The documented read-back of each provider, whose record has the fixture's id. */
const documented = Object.fromEntries(
  Object.values(FOLDERS).map((folder) => [
    folder,
    JSON.parse(readFileSync(new URL(`../fixtures/${folder}/documented-example.json`, import.meta.url), "utf8")).response,
  ]),
);
const idOf = (folder: string): string => {
  const body = documented[folder] as Record<string, { id?: string }> & { id?: string };
  return body.id ?? body.contact?.id ?? body.data?.id ?? "";
};

const HOSTILE_PROVIDER_IDS = [".", "..", "%2e", "%2E%2e", ".%2e", "a\u0000b", "a\nb", "\ud800", "x".repeat(1025)];
const HOSTILE_CONNECTION_IDS = ["acc\r\nx-injected: 1", "acc 1", "acc/../x", "acc?x=1", "acc\u0000"];

describe("_entities with forged ids (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    upstream = await startFakeUpstream((req) => {
      const [, folder] = req.url.split("/");
      if (req.url.includes("/auth/authorize")) return { status: 200, body: { data: "a.b.c" } };
      return { status: 200, body: documented[folder] };
    });
    subgraph = await startSubgraph({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      STORA_BASE_URL: `${upstream.url}/stora/2025-09`,
      STORA_TOKEN: "stora-token",
      MASIVO_BASE_URL: `${upstream.url}/masivo`,
      MASIVO_API_KEY: "masivo-key",
      MASIVO_ACCOUNT_ID: "acc_1",
      STACKONE_BASE_URL: `${upstream.url}/stackone`,
      STACKONE_API_KEY: "stackone-key",
      STACKONE_ACCOUNT_ID: "acc_1",
      GOMOBILE_BASE_URL: `${upstream.url}/gomobile`,
      GOMOBILE_API_KEY: "gomobile-key",
      ALLOY_BASE_URL: `${upstream.url}/alloy`,
      ALLOY_API_KEY: "alloy-key",
      ALLOY_CREDENTIAL_ID: "cred_1",
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  const reads = () => upstream.received.filter((r) => !r.url.includes("/auth/authorize")).map((r) => `${r.method} ${r.url}`);
  const entities = (ids: string[]) =>
    post(subgraph.url, { query: ENTITIES, variables: { representations: ids.map((id) => ({ __typename: "Contact", id })) } });

  it.each(Object.values(ContactProvider))(
    "%s: a provider id that is a dot segment, a control character or too long is refused before any call",
    async (provider) => {
      const ids = HOSTILE_PROVIDER_IDS.map((providerId) => encodeContactId({ provider, connectionId: null, providerId, sandbox: false }));
      const res = await entities(ids);
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ _entities: ids.map(() => null) });
      expect(res.errors!.map((e) => [e.path, e.extensions?.code])).toEqual(ids.map((_, i) => [["_entities", i], "BAD_USER_INPUT"]));
      expect(reads()).toEqual([]);
    },
  );

  it.each([ContactProvider.MASIVO, ContactProvider.STACKONE, ContactProvider.ALLOY])(
    "%s: a connection id that could not go into a header or query is refused before any call",
    async (provider) => {
      const ids = HOSTILE_CONNECTION_IDS.map((connectionId) =>
        encodeContactId({ provider, connectionId, providerId: idOf(FOLDERS[provider]), sandbox: false }),
      );
      const res = await entities(ids);
      expect(res.errors!.map((e) => e.extensions?.code)).toEqual(ids.map(() => "BAD_USER_INPUT"));
      expect(reads()).toEqual([]);
    },
  );

  it.each(Object.values(ContactProvider))(
    "%s: a record read back with another id than the one asked for is PROVIDER_BAD_RESPONSE",
    async (provider) => {
      const folder = FOLDERS[provider];
      const asked = provider === ContactProvider.GOMOBILE ? "00000000-0000-4000-8000-000000000001" : "another-contact";
      const good = encodeContactId({ provider, connectionId: null, providerId: idOf(folder), sandbox: false });
      const other = encodeContactId({ provider, connectionId: null, providerId: asked, sandbox: false });
      upstream.received.length = 0;
      const res = await entities([good, other]);
      expect((res.data as unknown as { _entities: ({ providerId: string } | null)[] })._entities.map((e) => e?.providerId ?? null)).toEqual(
        [idOf(folder), null],
      );
      expect(res.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.provider])).toEqual([
        [["_entities", 1], "PROVIDER_BAD_RESPONSE", expect.any(String)],
      ]);
      expect(reads()).toHaveLength(2);
      upstream.received.length = 0;
    },
  );
});
