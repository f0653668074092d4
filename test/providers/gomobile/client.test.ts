import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProviderError, UpstreamRejection } from "../../../src/errors.js";
import type { CreateContactInput } from "../../../src/graphql/inputs.js";
import { Upstream } from "../../../src/providers/http.js";
import { gomobile } from "../../../src/providers/gomobile/index.js";
import { createGomobileSimulator, type GomobileSimulator } from "../../../src/providers/gomobile/simulator.js";
import type { ProviderConfig } from "../../../src/providers/types.js";
import type { RunningSimulator } from "../../../src/sandbox/http.js";
import { startExpectingUpstream, type ExpectingUpstream } from "../../helpers/expecting-upstream.js";
import { startSimulator } from "../../helpers/server.js";

const KEY = "gm-client-test-key-7f3a";

function clientFor(baseUrl: string, apiKey = KEY, timeoutMs = 2_000) {
  const config: ProviderConfig = { baseUrl: new URL(baseUrl), credentials: { API_KEY: apiKey }, timeoutMs, sandbox: false };
  const upstream = new Upstream({
    provider: gomobile.label,
    baseUrl: config.baseUrl,
    timeoutMs,
    authorize: () => gomobile.auth.headers(config, {}),
    authHeaderNames: gomobile.auth.headerNames,
    parseError: gomobile.parseError,
  });
  return gomobile.createClient(upstream, config);
}

const call = (input: CreateContactInput, options?: object) => ({ input, options, idempotencyKey: "ignored-by-gomobile" });
const amina: CreateContactInput = {
  firstName: "Amina",
  phones: [{ number: "+212661234567" }],
  addresses: [{ line1: "12 Rue Tarik", line2: "Appt 3", city: "Rabat" }],
  customFields: { tier: "gold", visits: 4 },
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
}

describe("Gomobile client against the simulator", () => {
  let sim: GomobileSimulator & RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator(createGomobileSimulator(KEY));
  });
  afterAll(() => sim.close());

  it("creates, then reads back with customAttributes flattened", async () => {
    const client = clientFor(sim.url.href);
    const created = await client.create(call(amina, { preferredChannel: "voice", channels: ["voice"] }));
    expect(created).toMatchObject({ firstName: "Amina", phones: [{ number: "+212661234567" }], customFields: null });
    expect(created.addresses).toEqual([{ line1: "12 Rue Tarik, Appt 3", city: "Rabat", state: null, postalCode: null }]);
    expect(created.providerData).toMatchObject({ organizationId: expect.any(String), channels: ["voice"], preferredChannel: "voice" });
    expect(sim.contacts.has(created.providerId)).toBe(true);

    const read = await client.read(created.providerId);
    expect(read).toMatchObject({ providerId: created.providerId, firstName: "Amina", customFields: { tier: "gold", visits: 4 } });
    expect(read?.providerData?.customAttributes).toEqual([
      { name: "tier", displayName: "tier", type: "text", value: "gold", isLocked: false, description: null },
      { name: "visits", displayName: "visits", type: "number", value: 4, isLocked: false, description: null },
    ]);
  });

  it("reads an unknown uuid as null, and a non-uuid without asking", async () => {
    const client = clientFor(sim.url.href);
    expect(await client.read("00000000-0000-4000-8000-000000000000")).toBeNull();
    const before = sim.stats.requests;
    expect(await client.read("con_123")).toBeNull();
    expect(sim.stats.requests).toBe(before);
  });

  it("answers the simulator's length rule as a rejection at the unified path", async () => {
    const err = await failure(clientFor(sim.url.href).create(call({ phones: amina.phones, addresses: [{ state: "CA" }] })));
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect((err as UpstreamRejection).userErrors).toEqual([
      {
        field: ["input", "addresses", "0", "state"],
        code: "REJECTED_BY_PROVIDER",
        message: "state must be longer than or equal to 3 characters",
      },
    ]);
  });

  it("rejects a wrong key as PROVIDER_AUTH_FAILED", async () => {
    const err = await failure(clientFor(sim.url.href, "wrong-key").create(call(amina)));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).extensions).toMatchObject({ code: "PROVIDER_AUTH_FAILED", provider: "Gomobile", upstreamStatus: 401 });
  });
});

describe("Gomobile client against documented error bodies", () => {
  let fake: ExpectingUpstream;
  beforeAll(async () => {
    fake = await startExpectingUpstream();
  });
  afterEach(() => fake.verify());
  afterAll(() => fake.close());
  const create = (timeoutMs?: number) => failure(clientFor(`${fake.url}/api`, KEY, timeoutMs).create(call(amina)));

  it("sends x-api-key, JSON and the mapped body to POST /api/contact", async () => {
    fake.expect("POST", "/api/contact", {
      status: 201,
      body: { id: "123e4567-e89b-12d3-a456-426614174000", primaryPhone: "+212661234567", channels: [] },
    });
    const record = await clientFor(`${fake.url}/api`).create(call(amina));
    expect(record.providerId).toBe("123e4567-e89b-12d3-a456-426614174000");
    const req = fake.received.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/api/contact" });
    expect(req.headers).toMatchObject({ "x-api-key": KEY, "content-type": "application/json", accept: "application/json" });
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toEqual({
      primaryPhone: "+212661234567",
      firstName: "Amina",
      address: "12 Rue Tarik, Appt 3",
      city: "Rabat",
      customAttributes: { tier: "gold", visits: 4 },
    });
  });

  it.each([400, 422])("%i with class-validator messages → userErrors at the unified paths", async (status) => {
    fake.expect("POST", "/api/contact", {
      status,
      body: {
        statusCode: status,
        error: "Bad Request",
        message: ["primaryPhone must be a valid phone number", "property x should not exist"],
      },
    });
    const err = (await create()) as UpstreamRejection;
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([
      { field: ["input", "phones", "0", "number"], code: "REJECTED_BY_PROVIDER", message: "primaryPhone must be a valid phone number" },
      { field: null, code: "REJECTED_BY_PROVIDER", message: "property x should not exist" },
    ]);
  });

  it("409 → DUPLICATE", async () => {
    fake.expect("POST", "/api/contact", {
      status: 409,
      body: { statusCode: 409, message: "primaryPhone already exists in this organization", error: "Conflict" },
    });
    const err = (await create()) as UpstreamRejection;
    expect(err.userErrors).toEqual([
      { field: ["input", "phones", "0", "number"], code: "DUPLICATE", message: "primaryPhone already exists in this organization" },
    ]);
  });

  it.each([401, 403])("%i → PROVIDER_AUTH_FAILED, the key never in the message", async (status) => {
    fake.expect("POST", "/api/contact", {
      status,
      body: { statusCode: status, message: status === 401 ? "Unauthorized" : "Forbidden resource", error: "Forbidden" },
    });
    const err = (await create()) as ProviderError;
    expect(err.extensions).toMatchObject({ code: "PROVIDER_AUTH_FAILED", upstreamStatus: status });
    expect(JSON.stringify({ message: err.message, extensions: err.extensions })).not.toContain(KEY);
  });

  it("429 with Retry-After → PROVIDER_RATE_LIMITED with retryAfterSeconds", async () => {
    fake.expect("POST", "/api/contact", {
      status: 429,
      headers: { "retry-after": "42" },
      body: { statusCode: 429, message: "ThrottlerException: Too Many Requests" },
    });
    expect(((await create()) as ProviderError).extensions).toMatchObject({ code: "PROVIDER_RATE_LIMITED", retryAfterSeconds: 42 });
  });

  it("500 → PROVIDER_UNAVAILABLE, outcome UNKNOWN (a create has no idempotency)", async () => {
    fake.expect("POST", "/api/contact", {
      status: 500,
      headers: { "x-request-id": "req-500" },
      body: { statusCode: 500, message: "Internal server error" },
    });
    expect(((await create()) as ProviderError).extensions).toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
      upstreamStatus: 500,
      upstreamRequestId: "req-500",
      outcome: "UNKNOWN",
    });
  });

  it("a timeout after sending → PROVIDER_UNAVAILABLE, outcome UNKNOWN", async () => {
    fake.expect("POST", "/api/contact", () => new Promise((resolve) => setTimeout(() => resolve({ status: 201, body: {} }), 1_500)));
    expect(((await create(300)) as ProviderError).extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN" });
  });

  it("a 2xx in another shape → PROVIDER_BAD_RESPONSE", async () => {
    fake.expect("POST", "/api/contact", { status: 201, body: { data: { id: "123e4567-e89b-12d3-a456-426614174000" } } });
    expect(((await create()) as ProviderError).extensions).toMatchObject({ code: "PROVIDER_BAD_RESPONSE", upstreamStatus: 201 });
  });

  it("reads GET /api/contact/{id}; a 404 is null", async () => {
    const id = "123e4567-e89b-12d3-a456-426614174000";
    fake.expect("GET", `/api/contact/${id}`, { status: 404, body: { statusCode: 404, message: "Contact not found", error: "Not Found" } });
    expect(await clientFor(`${fake.url}/api`).read(id)).toBeNull();
    expect(fake.received.at(-1)).toMatchObject({ method: "GET", url: `/api/contact/${id}`, headers: { "x-api-key": KEY } });
  });
});
