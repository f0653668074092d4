import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";

// A failure that created nothing must free the idempotency key: here Masivo's token exchange
// answers a 200 we cannot read, so no create is ever sent, and the retry must be sent.
const jwt = () => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256" })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
};

describe("a failure before any create", () => {
  let fake: FakeUpstream;
  let subgraph: TestSubgraph;
  let authorizeOk = false;
  beforeAll(async () => {
    fake = await startFakeUpstream((req) => {
      if (req.url.endsWith("/auth/authorize"))
        return authorizeOk ? { status: 200, body: { data: jwt() } } : { status: 200, body: { token: 42 } };
      return {
        status: 201,
        body: {
          id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
          persona_id: "3c90c3cc-0d44-4b50-8888-8dd25736052b",
          email: "a@b.co",
          document_type: null,
          document_number: null,
        },
      };
    });
    subgraph = await startSubgraph({ MASIVO_BASE_URL: fake.url, MASIVO_API_KEY: "masivo-key-release-test" });
  });
  afterAll(async () => {
    await subgraph.stop();
    await fake.close();
  });

  it("answers NOT_CREATED for a provider that is not configured", async () => {
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          'mutation { createContact(provider: STORA, idempotencyKey: "nc-1", input: { emails: [{ address: "a@b.co" }] }) { outcome contact { providerId } } }',
      }),
    }).then((r) => r.json() as Promise<{ data: unknown; errors?: { path: string[]; extensions: Record<string, unknown> }[] }>);
    expect(res.data).toEqual({ createContact: { outcome: "NOT_CREATED", contact: null } });
    expect(res.errors?.[0]).toMatchObject({
      path: ["createContact", "contact"],
      extensions: { code: "PROVIDER_NOT_CONFIGURED", outcome: "NOT_CREATED" },
    });
  });

  it("frees the idempotency key, so the retry with the same key creates the contact", async () => {
    const create = () =>
      fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query:
            'mutation { createContact(provider: MASIVO, idempotencyKey: "release-1", input: { emails: [{ address: "a@b.co" }] }) { outcome contact { providerId } } }',
        }),
      }).then(
        (r) =>
          r.json() as Promise<{
            data: { createContact: { outcome: string; contact: { providerId: string } | null } } | null;
            errors?: { path: string[]; extensions: { code: string; outcome?: string } }[];
          }>,
      );
    const first = await create();
    // Nothing was sent, and the payload says so.
    expect(first.data?.createContact).toEqual({ outcome: "NOT_CREATED", contact: null });
    expect(first.errors?.[0]).toMatchObject({
      path: ["createContact", "contact"],
      extensions: { code: "PROVIDER_BAD_RESPONSE", outcome: "NOT_CREATED" },
    });
    expect(fake.received.filter((r) => r.url.endsWith("/contacts"))).toHaveLength(0);

    authorizeOk = true;
    const second = await create();
    expect(second.data?.createContact).toMatchObject({
      outcome: "CREATED",
      contact: { providerId: "3c90c3cc-0d44-4b50-8888-8dd25736052a" },
    });
    expect(fake.received.filter((r) => r.url.endsWith("/contacts"))).toHaveLength(1);
  });
});
