import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createContext } from "../../../src/context.js";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { createLogger } from "../../../src/logger.js";
import { startFakeUpstream, type FakeReply, type FakeUpstream } from "../../helpers/fake-upstream.js";

// The JWT is refreshed early; if that refresh fails while the current token still lives, requests
// keep going with the current one instead of failing (https://docs.masivo.ai/api-reference/guides/integrate-with-masivo).
const jwt = (ttlSeconds: number, n: number) => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256" })}.${part({ n, exp: Math.floor(Date.now() / 1000) + ttlSeconds })}.sig`;
};
const contact = {
  id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
  persona_id: "3c90c3cc-0d44-4b50-8888-8dd25736052b",
  email: "a@b.co",
  document_type: null,
  document_number: null,
};

describe("Masivo token refresh that fails", () => {
  let fake: FakeUpstream;
  let authorize: () => FakeReply;
  beforeAll(async () => {
    fake = await startFakeUpstream((req) => (req.url.endsWith("/auth/authorize") ? authorize() : { status: 201, body: contact }));
  });
  afterAll(() => fake.close());

  it("keeps using the live token while the early refresh fails", async () => {
    const client = () =>
      createContext(
        loadConfig({ MASIVO_BASE_URL: fake.url, MASIVO_API_KEY: "masivo-refresh-test-key" }),
        createLogger({ level: "silent" }),
      ).client(ContactProvider.MASIVO);
    const first = jwt(4, 1);
    authorize = () => ({ status: 200, body: { data: first } });
    const input = { input: { emails: [{ address: "a@b.co" }] }, options: undefined, idempotencyKey: "k" };
    await client().create(input);

    await new Promise((r) => setTimeout(r, 2200)); // past half of the 4 s life: a refresh is due
    authorize = () => ({ status: 503, body: { message: "down" } });
    await client().create(input);
    const creates = fake.received.filter((r) => r.url.endsWith("/contacts"));
    expect(creates.map((r) => r.headers.authorization)).toEqual([`Bearer ${first}`, `Bearer ${first}`]);
    // One authorize, then the refresh: a GET, so retried after the 503 within the time budget.
    expect(fake.received.filter((r) => r.url.endsWith("/auth/authorize")).length).toBeGreaterThan(1);
  });
});
