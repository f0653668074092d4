import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createContext } from "../../../src/context.js";
import { ProviderError, UpstreamRejection } from "../../../src/errors.js";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { createLogger } from "../../../src/logger.js";
import { createStoraSimulator } from "../../../src/providers/stora/simulator.js";
import type { FakeReply } from "../../helpers/fake-upstream.js";
import { startExpectingUpstream, type ExpectingUpstream } from "../../helpers/expecting-upstream.js";
import { startSimulator } from "../../helpers/server.js";

const TOKEN = "stora-secret-token-123";
const silent = createLogger({ level: "silent" });
const call = (email = "ada@example.com") => ({
  input: { firstName: "Ada", lastName: "Lovelace", emails: [{ address: email }], phones: [{ number: "+442079460958" }] },
  options: undefined,
  idempotencyKey: "key-1",
});
const clientFor = (baseUrl: string, timeout = "2000") =>
  createContext(loadConfig({ STORA_BASE_URL: baseUrl, STORA_TOKEN: TOKEN, STORA_TIMEOUT_MS: timeout }), silent).client(
    ContactProvider.STORA,
  );

describe("StoraClient against the simulator", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator(TOKEN));
  });
  afterAll(() => sim.close());

  it("creates, then reads the contact back by id", async () => {
    const created = await clientFor(sim.url.href).create(call());
    expect(created.providerId).toMatch(/^con_sandbox_[0-9a-f]{16}$/);
    expect(created).toMatchObject({
      fullName: "Ada Lovelace",
      emails: [{ address: "ada@example.com" }],
      phones: [{ number: "+442079460958" }],
    });
    const read = await clientFor(sim.url.href).read(created.providerId);
    expect(read).toEqual(created);
  });

  it("sends with the smallest timeout allowed (100 ms): its whole budget is one attempt's minimum", async () => {
    const created = await clientFor(sim.url.href, "100").create(call("least@example.com"));
    expect(created.providerId).toMatch(/^con_sandbox_/);
  });

  it("reads a contact that does not exist as null", async () => {
    expect(await clientFor(sim.url.href).read("con_missing")).toBeNull();
  });

  it("replays a create with the same Idempotency-Key instead of creating twice", async () => {
    const before = sim.stats.creates;
    const a = await clientFor(sim.url.href).create({ ...call(), idempotencyKey: "same" });
    const b = await clientFor(sim.url.href).create({ ...call(), idempotencyKey: "same" });
    expect(b.providerId).toBe(a.providerId);
    expect(sim.stats.creates).toBe(before + 1);
  });

  it("answers a wrong token with PROVIDER_AUTH_FAILED", async () => {
    const ctx = createContext(loadConfig({ STORA_BASE_URL: sim.url.href, STORA_TOKEN: "wrong" }), silent);
    await expect(ctx.client(ContactProvider.STORA).create(call())).rejects.toMatchObject({
      code: "PROVIDER_AUTH_FAILED",
      details: { upstreamStatus: 401 },
    });
  });
});

describe("StoraClient against Stora's documented answers", () => {
  let fake: ExpectingUpstream;
  beforeAll(async () => {
    fake = await startExpectingUpstream();
  });
  afterEach(() => fake.verify());
  afterAll(() => fake.close());
  const storaError = (status: number, code: string, details: { pointer: string; message: string }[] = []) => ({
    status,
    body: {
      error: {
        code,
        type: "invalid_request_error",
        message: "The request body content is not valid.",
        request_id: "req-42",
        details,
        links: [],
      },
    },
  });

  it("sends the documented request: POST /contacts, Bearer token, JSON, Idempotency-Key", async () => {
    fake.expect("POST", "/2025-09/contacts", {
      status: 201,
      body: { contact: { id: "con_1", email: "ada@example.com" }, meta: { request_id: "r" } },
    });
    await clientFor(`${fake.url}/2025-09`).create(call());
    const req = fake.received.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/2025-09/contacts" });
    expect(req.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "idempotency-key": "key-1" });
    expect(req.headers["user-agent"]).toMatch(/^contacts-subgraph\//);
    expect(req.body).toEqual({ email: "ada@example.com", full_name: "Ada Lovelace", phone_number: "+442079460958" });
  });

  it("maps a 422 with details[].pointer to user errors at the unified path", async () => {
    fake.expect(
      "POST",
      "/contacts",
      storaError(422, "invalid_content", [{ pointer: "/email", message: "value at `/email` does not match format: email" }]),
    );
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([
      {
        field: ["input", "emails", "0", "address"],
        code: "REJECTED_BY_PROVIDER",
        message: "value at `/email` does not match format: email",
      },
    ]);
  });

  it("maps a 400 without a pointer to a user error with field null", async () => {
    fake.expect("POST", "/contacts", storaError(400, "invalid_request"));
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.userErrors).toEqual([{ field: null, code: "REJECTED_BY_PROVIDER", message: "The request body content is not valid." }]);
  });

  it("maps a 409 to DUPLICATE", async () => {
    fake.expect("POST", "/contacts", storaError(409, "conflict"));
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.userErrors[0]).toMatchObject({ code: "DUPLICATE", field: null });
  });

  it.each([
    [401, "invalid_token", "PROVIDER_AUTH_FAILED"],
    [403, "forbidden", "PROVIDER_AUTH_FAILED"],
    [500, "internal_server_error", "PROVIDER_UNAVAILABLE"],
    [404, "invalid_endpoint", "PROVIDER_NOT_CONFIGURED"],
  ])("maps HTTP %i (%s) to %s with the upstream request id", async (status, code, expected) => {
    fake.expect("POST", "/contacts", storaError(status, code));
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.extensions).toMatchObject({ code: expected, provider: "Stora", upstreamStatus: status, upstreamRequestId: "req-42" });
    expect(JSON.stringify(err.extensions)).not.toContain(TOKEN);
  });

  it("maps a 429 to PROVIDER_RATE_LIMITED with retryAfterSeconds from RateLimit-Reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    fake.expect("POST", "/contacts", {
      ...storaError(429, "too_many_requests"),
      headers: { "ratelimit-limit": "10", "ratelimit-reset": String(reset) },
    });
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.extensions.code).toBe("PROVIDER_RATE_LIMITED");
    expect(err.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(err.extensions.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it.each([
    ["a body that is not JSON", { status: 201, raw: "<html>ok</html>" }],
    ["a contact without an id", { status: 201, body: { contact: { email: "a@b.co" } } }],
    ["no contact envelope", { status: 200, body: { id: "con_1" } }],
  ])("answers a 2xx with %s as PROVIDER_BAD_RESPONSE", async (_name, reply) => {
    fake.expect("POST", "/contacts", reply as FakeReply);
    await expect(clientFor(fake.url).create(call())).rejects.toMatchObject({
      extensions: { code: "PROVIDER_BAD_RESPONSE", provider: "Stora" },
    });
  });
});
