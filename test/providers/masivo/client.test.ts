import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createContext } from "../../../src/context.js";
import { ProviderError, UpstreamRejection } from "../../../src/errors.js";
import { ContactProvider, Gender } from "../../../src/graphql/enums.js";
import { createLogger } from "../../../src/logger.js";
import { createMasivoSimulator, type MasivoSimulator } from "../../../src/providers/masivo/simulator.js";
import type { FakeReply } from "../../helpers/fake-upstream.js";
import { startExpectingUpstream, type ExpectingUpstream } from "../../helpers/expecting-upstream.js";
import { startSimulator } from "../../helpers/server.js";

const silent = createLogger({ level: "silent" });
let keys = 0;
/** The token cache is per base URL and key: a fresh key gives a test its own cache entry. */
const freshKey = () => `masivo-secret-key-${process.pid}-${++keys}`;
const call = (connectionId?: string) => ({
  input: {
    firstName: "Ana",
    lastName: "Díaz",
    emails: [{ address: "ana@example.co" }],
    phones: [{ number: "+573001234567" }],
    gender: Gender.FEMALE,
  },
  options: { documentType: "CC", documentNumber: "52123456" },
  connectionId,
  idempotencyKey: "k",
});
const clientFor = (baseUrl: string, key: string, env: Record<string, string> = {}) =>
  createContext(loadConfig({ MASIVO_BASE_URL: baseUrl, MASIVO_API_KEY: key, MASIVO_TIMEOUT_MS: "2000", ...env }), silent).client(
    ContactProvider.MASIVO,
  );

describe("MasivoClient against the simulator", () => {
  let sim: MasivoSimulator & { url: URL; close(): Promise<void> };
  let key: string;
  beforeAll(async () => {
    key = freshKey();
    sim = await startSimulator(createMasivoSimulator(key));
  });
  afterAll(() => sim.close());

  it("creates, then reads the contact back by id, with one authorization for both", async () => {
    const created = await clientFor(sim.url.href, key).create(call());
    expect(created.providerId).toMatch(/^5a4db0c5-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toMatchObject({
      firstName: "Ana",
      lastName: "Díaz",
      gender: "FEMALE",
      emails: [{ address: "ana@example.co" }],
      phones: [{ number: "+573001234567" }],
    });
    expect(created.providerData).toMatchObject({ document_type: "CC", document_number: "52123456", status: "ACTIVE" });
    expect(await clientFor(sim.url.href, key).read(created.providerId)).toEqual(created);
    expect(sim.stats.authorizations).toBe(1);
  });

  it("reads a contact that does not exist as null", async () => {
    expect(await clientFor(sim.url.href, key).read("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("scopes by x-account-id: a contact is read back in its own account only", async () => {
    const created = await clientFor(sim.url.href, key).create(call("acct-1"));
    expect(await clientFor(sim.url.href, key).read(created.providerId, "acct-2")).toBeNull();
    expect(await clientFor(sim.url.href, key, { MASIVO_ACCOUNT_ID: "acct-1" }).read(created.providerId)).toMatchObject({
      providerId: created.providerId,
    });
  });

  it("lets 20 concurrent creates share exactly one /auth/authorize call", async () => {
    const own = freshKey();
    const other = await startSimulator(createMasivoSimulator(own));
    try {
      const created = await Promise.all(Array.from({ length: 20 }, () => clientFor(other.url.href, own).create(call())));
      expect(new Set(created.map((c) => c.providerId)).size).toBe(20);
      expect(other.stats).toMatchObject({ authorizations: 1, creates: 20, rejected: 0 });
    } finally {
      await other.close();
    }
  });

  it("answers a revoked token's 401 by authorizing once more and resending: one contact, not two", async () => {
    await clientFor(sim.url.href, key).create(call());
    const before = { ...sim.stats };
    sim.revokeTokens();
    await clientFor(sim.url.href, key).create(call());
    expect(sim.stats.rejected).toBe(before.rejected + 1);
    expect(sim.stats.authorizations).toBe(before.authorizations + 1);
    expect(sim.stats.creates).toBe(before.creates + 1);
  });

  it("refreshes the token before it expires, so no call is rejected", async () => {
    const own = freshKey();
    const shortLived = await startSimulator(createMasivoSimulator(own, { tokenTtlSeconds: 2 }));
    try {
      await clientFor(shortLived.url.href, own).create(call());
      await new Promise((r) => setTimeout(r, 1100)); // past half of the 2 s life, before the exp
      await clientFor(shortLived.url.href, own).create(call());
      expect(shortLived.stats).toMatchObject({ authorizations: 2, creates: 2, rejected: 0 });
    } finally {
      await shortLived.close();
    }
  });

  it("answers a wrong API key with PROVIDER_AUTH_FAILED and sends no create", async () => {
    const before = { ...sim.stats };
    const err = await clientFor(sim.url.href, "wrong-key")
      .create(call())
      .catch((e) => e);
    expect(err).toMatchObject({ code: "PROVIDER_AUTH_FAILED", details: { upstreamStatus: 401 } });
    expect(sim.stats.requests).toBe(before.requests + 1);
    expect(sim.stats.creates).toBe(before.creates);
  });

  it("answers a contact without email with a user error at emails.0.address", async () => {
    const err = await clientFor(sim.url.href, key)
      .create({ ...call(), input: { firstName: "X" } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([
      { field: ["input", "emails", "0", "address"], code: "REJECTED_BY_PROVIDER", message: "email is required" },
    ]);
  });
});

describe("MasivoClient against Masivo's answers", () => {
  let fake: ExpectingUpstream;
  const jwt = (exp = Math.floor(Date.now() / 1000) + 3600) =>
    `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: "t", exp })).toString("base64url")}.c2lnbmF0dXJl`;
  const base = () => `${fake.url}/api/storefront/v1`;
  const posts = () => fake.received.filter((r) => r.method === "POST").length;
  const authorizations = () => fake.received.filter((r) => r.url.endsWith("/auth/authorize")).length;
  beforeAll(async () => {
    fake = await startExpectingUpstream();
  });
  afterEach(() => fake.verify());
  afterAll(() => fake.close());
  const AUTHORIZE = "/api/storefront/v1/auth/authorize";
  const CONTACTS = "/api/storefront/v1/contacts";
  const contact = {
    id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    persona_id: "3c90c3cc-0d44-4b50-8888-8dd25736052b",
    email: "ana@example.co",
    document_type: "CC",
    document_number: "52123456",
  };

  it("authorizes with x-api-key, then sends POST contacts with the Bearer JWT and x-account-id", async () => {
    const key = freshKey();
    const token = jwt();
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: token } });
    fake.expect("POST", CONTACTS, { status: 201, body: contact });
    await clientFor(base(), key, { MASIVO_ACCOUNT_ID: "acct-9" }).create({ ...call(), connectionId: "acct-9" });
    const [authorize, create] = fake.received.slice(-2);
    expect(authorize).toMatchObject({ method: "GET", url: "/api/storefront/v1/auth/authorize" });
    expect(authorize.headers["x-api-key"]).toBe(key);
    expect(authorize.headers.authorization).toBeUndefined();
    expect(create).toMatchObject({ method: "POST", url: "/api/storefront/v1/contacts" });
    expect(create.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      "x-account-id": "acct-9",
      "content-type": "application/json",
    });
    expect(create.headers["x-api-key"]).toBeUndefined();
    expect(create.body).toEqual({
      first_name: "Ana",
      last_name: "Díaz",
      email: "ana@example.co",
      phone: "+573001234567",
      gender: "FEMALE",
      document_type: "CC",
      document_number: "52123456",
    });
  });

  it("sends no x-account-id when none is given or configured", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, { status: 201, body: contact });
    await clientFor(base(), freshKey()).create(call());
    expect(fake.received.at(-1)!.headers["x-account-id"]).toBeUndefined();
  });

  it.each([400, 422])("maps a %i with field errors to user errors at the unified paths", async (status) => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, {
      status,
      body: {
        message: "Invalid contact.",
        errors: [
          { field: "dob", message: "dob must be a date" },
          { field: "addresses[0].zip_code", message: "too long" },
        ],
      },
    });
    const err = await clientFor(base(), freshKey())
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([
      { field: ["input", "dateOfBirth"], code: "REJECTED_BY_PROVIDER", message: "dob must be a date" },
      { field: ["input", "addresses", "0", "postalCode"], code: "REJECTED_BY_PROVIDER", message: "too long" },
    ]);
  });

  it("maps a 409 to DUPLICATE", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, { status: 409, body: { error: "Conflict", message: "A contact with this email already exists." } });
    const err = await clientFor(base(), freshKey())
      .create(call())
      .catch((e) => e);
    expect(err.userErrors).toEqual([{ field: null, code: "DUPLICATE", message: "A contact with this email already exists." }]);
  });

  it("retries a create answered 401 exactly once, then answers PROVIDER_AUTH_FAILED", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, { status: 401, body: { message: "Invalid or expired token." } });
    const [p, a] = [posts(), authorizations()];
    const err = await clientFor(base(), freshKey())
      .create(call())
      .catch((e) => e);
    expect(err).toMatchObject({ code: "PROVIDER_AUTH_FAILED", details: { upstreamStatus: 401, provider: "Masivo" } });
    expect([posts() - p, authorizations() - a]).toEqual([2, 2]);
  });

  it("does not retry a 403 from the create", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, { status: 403, body: { message: "Forbidden" } });
    const p = posts();
    await expect(clientFor(base(), freshKey()).create(call())).rejects.toMatchObject({
      code: "PROVIDER_AUTH_FAILED",
      details: { upstreamStatus: 403 },
    });
    expect(posts() - p).toBe(1);
  });

  it.each([401, 403])("answers /auth/authorize refusing the key (%i) with PROVIDER_AUTH_FAILED, once, and no create", async (status) => {
    fake.expect("GET", AUTHORIZE, { status, body: { message: "Invalid API key" } });
    const [p, a] = [posts(), authorizations()];
    const err = await clientFor(base(), freshKey())
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_AUTH_FAILED", provider: "Masivo", upstreamStatus: status });
    expect(err.message).toContain("MASIVO_API_KEY");
    expect([posts() - p, authorizations() - a]).toEqual([0, 1]);
  });

  it("maps a 429 to PROVIDER_RATE_LIMITED with Retry-After", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, {
      status: 429,
      body: { message: "Too many requests" },
      headers: { "retry-after": "17", "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0" },
    });
    const err = await clientFor(base(), freshKey())
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_RATE_LIMITED", retryAfterSeconds: 17, upstreamStatus: 429 });
  });

  it("maps a 500 to PROVIDER_UNAVAILABLE with outcome UNKNOWN (no idempotency), and not the raw body", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, { status: 500, body: { message: "db down at 10.0.0.7", stack: "Error: at x.js:1" } });
    const err = await clientFor(base(), freshKey())
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN", upstreamStatus: 500 });
    expect(JSON.stringify({ m: err.message, e: err.extensions })).not.toMatch(/10\.0\.0\.7|stack/);
  });

  it("answers a create that times out after sending with outcome UNKNOWN", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, () => new Promise((r) => setTimeout(() => r({ status: 201, body: contact }), 3000)));
    const err = await clientFor(base(), freshKey(), { MASIVO_TIMEOUT_MS: "1000" })
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN" });
  });

  it.each([
    ["a contact without persona_id", { status: 201, body: { ...contact, persona_id: undefined } }],
    [
      "a contact without document_type",
      { status: 201, body: { id: contact.id, persona_id: contact.persona_id, email: contact.email, document_number: null } },
    ],
    ["a contact in a {data} envelope", { status: 200, body: { data: contact } }],
    ["a body that is not JSON", { status: 201, raw: "<html>ok</html>" }],
  ])("answers a 2xx with %s as PROVIDER_BAD_RESPONSE", async (_name, reply) => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("POST", CONTACTS, reply as FakeReply);
    await expect(clientFor(base(), freshKey()).create(call())).rejects.toMatchObject({
      extensions: { code: "PROVIDER_BAD_RESPONSE", provider: "Masivo" },
    });
  });

  it("answers an authorization without a token as PROVIDER_BAD_RESPONSE", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { token: "x" } });
    await expect(clientFor(base(), freshKey()).create(call())).rejects.toMatchObject({
      extensions: { code: "PROVIDER_BAD_RESPONSE", provider: "Masivo" },
    });
  });

  it("reads back with GET contacts/{id} and x-account-id, a 404 as null", async () => {
    fake.expect("GET", AUTHORIZE, { status: 200, body: { data: jwt() } });
    fake.expect("GET", `${CONTACTS}/${contact.id}`, { status: 200, body: contact });
    const read = await clientFor(base(), freshKey()).read(contact.id, "acct-3");
    expect(read).toMatchObject({ providerId: contact.id, emails: [{ address: "ana@example.co" }] });
    expect(fake.received.at(-1)).toMatchObject({
      method: "GET",
      url: `/api/storefront/v1/contacts/${contact.id}`,
      headers: { "x-account-id": "acct-3" },
    });
    fake.expect("GET", `${CONTACTS}/${contact.id}`, { status: 404, body: { message: "Contact not found" } });
    expect(await clientFor(base(), freshKey()).read(contact.id)).toBeNull();
  });

  it("does not read a failing /auth/authorize 404 as a missing contact", async () => {
    fake.expect("GET", AUTHORIZE, { status: 404, body: { message: "Not found" } });
    await expect(clientFor(base(), freshKey()).read(contact.id)).rejects.toMatchObject({ extensions: { code: "PROVIDER_NOT_CONFIGURED" } });
  });
});
