import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createContext } from "../../../src/context.js";
import { ProviderError, UpstreamRejection } from "../../../src/errors.js";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { createLogger } from "../../../src/logger.js";
import { createStackOneSimulator } from "../../../src/providers/stackone/simulator.js";
import type { FakeReply } from "../../helpers/fake-upstream.js";
import { startExpectingUpstream, type ExpectingUpstream } from "../../helpers/expecting-upstream.js";
import { startSimulator } from "../../helpers/server.js";

const KEY = "stackone-secret-key-123";
const BASIC = `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`;
const silent = createLogger({ level: "silent" });
const call = (connectionId = "acc-A", extra: Record<string, unknown> = {}) => ({
  input: {
    firstName: "Ada",
    lastName: "Lovelace",
    emails: [{ address: "ada@example.com" }, { address: "ada@home.example" }],
    phones: [{ number: "+442079460958" }],
    ...extra,
  },
  options: { dealIds: ["deal-1"] },
  connectionId,
  idempotencyKey: "key-1",
});
const clientFor = (baseUrl: string, env: Record<string, string> = {}) =>
  createContext(
    loadConfig({ STACKONE_BASE_URL: baseUrl, STACKONE_API_KEY: KEY, STACKONE_ACCOUNT_ID: "acc-A", STACKONE_TIMEOUT_MS: "2000", ...env }),
    silent,
  ).client(ContactProvider.STACKONE);

describe("StackOneClient against the simulator", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStackOneSimulator>>>>;
  beforeAll(async () => {
    sim = await startSimulator(createStackOneSimulator(KEY, ["acc-A", "acc-B"]));
  });
  afterAll(() => sim.close());

  it("creates, then reads the contact back by id in the same linked account", async () => {
    const created = await clientFor(sim.url.href).create(call());
    expect(created.providerId).toMatch(/^sandbox_ct_[0-9a-f]{20}$/);
    expect(created.remoteId).toMatch(/^sandbox_crm_/);
    expect(created).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      emails: [{ address: "ada@example.com" }, { address: "ada@home.example" }],
      phones: [{ number: "+442079460958" }],
    });
    expect(created.providerData).toMatchObject({ deal_ids: ["deal-1"] });
    expect(await clientFor(sim.url.href).read(created.providerId, "acc-A")).toEqual(created);
    // Without a connection the configured STACKONE_ACCOUNT_ID is used.
    expect(await clientFor(sim.url.href).read(created.providerId)).toEqual(created);
  });

  it("does not find a contact of account A under account B", async () => {
    const created = await clientFor(sim.url.href).create(call("acc-A"));
    expect(await clientFor(sim.url.href).read(created.providerId, "acc-B")).toBeNull();
    expect(await clientFor(sim.url.href).read("sandbox_ct_missing", "acc-A")).toBeNull();
  });

  it("reads nothing, and asks nothing, without any linked account", async () => {
    const before = sim.stats.requests;
    expect(await clientFor(sim.url.href, { STACKONE_ACCOUNT_ID: "" }).read("sandbox_ct_1")).toBeNull();
    expect(sim.stats.requests).toBe(before);
  });

  it("answers an unknown linked account with PROVIDER_NOT_CONFIGURED, creating nothing", async () => {
    const before = sim.stats.creates;
    await expect(clientFor(sim.url.href).create(call("acc-Z"))).rejects.toMatchObject({
      code: "PROVIDER_NOT_CONFIGURED",
      details: { upstreamStatus: 404 },
    });
    expect(sim.stats.creates).toBe(before);
  });

  it("answers a wrong key with PROVIDER_AUTH_FAILED", async () => {
    await expect(clientFor(sim.url.href, { STACKONE_API_KEY: "wrong" }).create(call())).rejects.toMatchObject({
      code: "PROVIDER_AUTH_FAILED",
      details: { upstreamStatus: 401 },
    });
  });

  it("maps the simulator's 400 for a custom field without a name back to customFields", async () => {
    const err = await clientFor(sim.url.href)
      .create(call("acc-A", { customFields: { "": "x" } }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([
      { field: ["input", "customFields"], code: "REJECTED_BY_PROVIDER", message: "custom_fields.0 must have an id or a name" },
    ]);
  });

  it.each([
    ["no User-Agent", { authorization: BASIC, "x-account-id": "acc-A" }, 403],
    ["no x-account-id", { authorization: BASIC, "user-agent": "t" }, 400],
    [
      "a key sent without the colon",
      { authorization: `Basic ${Buffer.from(KEY).toString("base64")}`, "user-agent": "t", "x-account-id": "acc-A" },
      401,
    ],
  ])("refuses a request with %s as StackOne does", async (_name, headers, status) => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(new URL("unified/crm/contacts/x", sim.url), { headers }, (r) => {
        let body = "";
        r.on("data", (c) => (body += c)).on("end", () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on("error", reject).end();
    });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: status, message: expect.any(String), timestamp: expect.any(String) });
  });
});

describe("StackOneClient against StackOne's documented answers", () => {
  let fake: ExpectingUpstream;
  beforeAll(async () => {
    fake = await startExpectingUpstream();
  });
  afterEach(() => fake.verify());
  afterAll(() => fake.close());
  const stackOneError = (
    status: number,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): FakeReply => ({
    status,
    headers,
    body: { statusCode: status, message, timestamp: "2024-01-15T10:30:00.000Z", ...extra },
  });
  const rawCrmBody = { status: "error", message: "Property values were not valid: crm-secret-detail", correlationId: "hub-corr-1" };

  it("sends the documented request: POST unified/crm/contacts, Basic key:, x-account-id, User-Agent, JSON", async () => {
    fake.expect("POST", "/unified/crm/contacts", {
      status: 200,
      body: { data: { id: "so-1", remote_id: "crm-1", emails: ["ada@example.com"] } },
    });
    const created = await clientFor(`${fake.url}/`).create(call());
    const req = fake.received.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/unified/crm/contacts" });
    expect(req.headers).toMatchObject({ authorization: BASIC, "x-account-id": "acc-A", "content-type": "application/json" });
    expect(req.headers["user-agent"]).toMatch(/^contacts-subgraph\//);
    expect(req.headers["idempotency-key"]).toBeUndefined();
    expect(req.body).toEqual({
      first_name: "Ada",
      last_name: "Lovelace",
      emails: ["ada@example.com", "ada@home.example"],
      phone_numbers: ["+442079460958"],
      deal_ids: ["deal-1"],
    });
    expect(created).toMatchObject({
      providerId: "so-1",
      remoteId: "crm-1",
      providerData: { id: "so-1", remote_id: "crm-1", emails: ["ada@example.com"] },
    });
  });

  it("reads back with GET unified/crm/contacts/{id} in the given account, and a 404 as null", async () => {
    fake.expect("GET", "/unified/crm/contacts/so%2F1", { status: 200, body: { data: { id: "so/1", first_name: "Ada" }, raw: null } });
    expect(await clientFor(fake.url).read("so/1", "acc-B")).toMatchObject({ providerId: "so/1", firstName: "Ada" });
    expect(fake.received.at(-1)).toMatchObject({
      method: "GET",
      url: "/unified/crm/contacts/so%2F1",
      headers: { authorization: BASIC, "x-account-id": "acc-B" },
    });
    fake.expect(
      "GET",
      "/unified/crm/contacts/so-404",
      stackOneError(404, "Resource not found", { provider_errors: [{ status: 404, url: "/crm/v3/objects/contacts/1", raw: rawCrmBody }] }),
    );
    expect(await clientFor(fake.url).read("so-404", "acc-B")).toBeNull();
  });

  it("maps a 400 naming a field to a user error at the unified path", async () => {
    fake.expect("POST", "/unified/crm/contacts", stackOneError(400, "emails.1 must be an email", { errorCode: "ValidationError" }));
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([
      { field: ["input", "emails", "1", "address"], code: "REJECTED_BY_PROVIDER", message: "emails.1 must be an email" },
    ]);
  });

  it("maps a 422 to REJECTED_BY_PROVIDER with StackOne's message, never the CRM's raw body", async () => {
    fake.expect(
      "POST",
      "/unified/crm/contacts",
      stackOneError(422, "Unprocessable Entity", {
        data: { statusCode: 400, message: "crm-secret-detail", headers: {} },
        provider_errors: [
          {
            status: 400,
            url: "https://api.hubapi.com/crm/v3/objects/contacts",
            raw: rawCrmBody,
            headers: { "x-hubspot-correlation-id": "hub-corr-1" },
          },
        ],
      }),
    );
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.userErrors).toEqual([{ field: null, code: "REJECTED_BY_PROVIDER", message: "Unprocessable Entity" }]);
    expect(JSON.stringify(err.userErrors)).not.toMatch(/crm-secret-detail|hub-corr-1|hubapi/);
  });

  it("maps a 409 to DUPLICATE", async () => {
    fake.expect("POST", "/unified/crm/contacts", stackOneError(409, "The resource already exists"));
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.userErrors).toEqual([{ field: null, code: "DUPLICATE", message: "The resource already exists" }]);
  });

  it.each([
    [401, "Unauthorized", "PROVIDER_AUTH_FAILED", "NOT_CREATED"],
    [403, "Forbidden", "PROVIDER_AUTH_FAILED", "NOT_CREATED"],
    [404, "Account not found", "PROVIDER_NOT_CONFIGURED", "NOT_CREATED"],
    [412, "Linked account is disabled", "PROVIDER_NOT_CONFIGURED", "NOT_CREATED"],
    [408, "Request timed out", "PROVIDER_UNAVAILABLE", "UNKNOWN"],
    [500, "Internal server error", "PROVIDER_UNAVAILABLE", "UNKNOWN"],
    [502, "Bad gateway", "PROVIDER_UNAVAILABLE", "UNKNOWN"],
  ])("maps HTTP %i (%s) to %s, with the request id header and nothing raw", async (status, message, code, outcome) => {
    fake.expect(
      "POST",
      "/unified/crm/contacts",
      stackOneError(
        status,
        message,
        { provider_errors: [{ status, url: "https://crm.example/x", raw: rawCrmBody, headers: {} }] },
        { "x-request-id": "req-42", "retry-after": "60" },
      ),
    );
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    // A retryable answer (408, 5xx) keeps StackOne's Retry-After; the others have nothing to wait for.
    const retry = code === "PROVIDER_UNAVAILABLE" ? { retryAfterSeconds: 60 } : {};
    expect(err.extensions).toEqual({ code, provider: "StackOne", upstreamStatus: status, upstreamRequestId: "req-42", ...retry, outcome });
    expect(JSON.stringify({ m: err.message, e: err.extensions })).not.toMatch(/crm-secret-detail|stackone-secret-key|crm\.example/);
  });

  it("maps a 429 to PROVIDER_RATE_LIMITED with retryAfterSeconds, without resending a create it cannot wait for", async () => {
    const before = fake.received.length;
    fake.expect("POST", "/unified/crm/contacts", stackOneError(429, "Too many requests", {}, { "retry-after": "60" }));
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({
      code: "PROVIDER_RATE_LIMITED",
      provider: "StackOne",
      upstreamStatus: 429,
      retryAfterSeconds: 60,
      outcome: "NOT_CREATED",
    });
    expect(fake.received.length).toBe(before + 1);
  });

  it("answers a create that times out after it was sent with outcome UNKNOWN", async () => {
    fake.expect("POST", "/unified/crm/contacts", async () => {
      await sleep(3000);
      return { status: 200, body: { data: { id: "late" } } };
    });
    const err = await clientFor(fake.url, { STACKONE_TIMEOUT_MS: "1000" })
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", provider: "StackOne", outcome: "UNKNOWN" });
  });

  it.each([
    ["a body that is not JSON", { status: 200, raw: "<html>ok</html>" }],
    ["data without an id", { status: 200, body: { data: { first_name: "Ada" } } }],
    ["no data envelope", { status: 200, body: { id: "so-1" } }],
    ["emails that are not strings", { status: 200, body: { data: { id: "so-1", emails: [{ value: "a@b.co" }] } } }],
    ["a created_at that is not a timestamp", { status: 200, body: { data: { id: "so-1", created_at: "yesterday" } } }],
  ])("answers a 2xx with %s as PROVIDER_BAD_RESPONSE", async (_name, reply) => {
    fake.expect("POST", "/unified/crm/contacts", reply as FakeReply);
    await expect(clientFor(fake.url).create(call())).rejects.toMatchObject({
      extensions: { code: "PROVIDER_BAD_RESPONSE", provider: "StackOne" },
    });
  });
});
