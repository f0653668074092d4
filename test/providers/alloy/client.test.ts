import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createContext } from "../../../src/context.js";
import { ProviderError, UpstreamRejection } from "../../../src/errors.js";
import { ContactProvider } from "../../../src/graphql/enums.js";
import { createLogger } from "../../../src/logger.js";
import { createAlloySimulator } from "../../../src/providers/alloy/simulator.js";
import type { FakeReply } from "../../helpers/fake-upstream.js";
import { startExpectingUpstream, type ExpectingUpstream } from "../../helpers/expecting-upstream.js";
import { startSimulator } from "../../helpers/server.js";

const KEY = "alloy-secret-key-123";
const silent = createLogger({ level: "silent" });
const call = (connectionId = "cred-a") => ({
  input: { firstName: "Ada", lastName: "Lovelace", emails: [{ address: "ada@example.com" }], phones: [{ number: "+442079460958" }] },
  options: undefined,
  connectionId,
  idempotencyKey: "key-1",
});
const clientFor = (baseUrl: string, env: Record<string, string> = {}) =>
  createContext(loadConfig({ ALLOY_BASE_URL: baseUrl, ALLOY_API_KEY: KEY, ALLOY_TIMEOUT_MS: "2000", ...env }), silent).client(
    ContactProvider.ALLOY,
  );

describe("AlloyClient against the simulator", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createAlloySimulator>>>>;
  beforeAll(async () => {
    sim = await startSimulator(createAlloySimulator(KEY, ["cred-a", "cred-b"]));
  });
  afterAll(() => sim.close());

  it("creates, then reads the contact back by id with the same credential", async () => {
    const created = await clientFor(sim.url.href).create(call());
    expect(created.providerId).toMatch(/^sandbox-[0-9a-f-]{36}$/);
    expect(created.remoteId).toMatch(/^sandbox-remote-/);
    expect(created).toMatchObject({ firstName: "Ada", lastName: "Lovelace", emails: [{ address: "ada@example.com", type: null }] });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await clientFor(sim.url.href).read(created.providerId, "cred-a")).toEqual(created);
  });

  it("reads back with the configured credential when none is given, and scopes ids to their credential", async () => {
    const created = await clientFor(sim.url.href).create(call("cred-b"));
    expect(await clientFor(sim.url.href, { ALLOY_CREDENTIAL_ID: "cred-b" }).read(created.providerId)).toEqual(created);
    expect(await clientFor(sim.url.href).read(created.providerId, "cred-a")).toBeNull();
  });

  it("reads a contact that does not exist as null", async () => {
    expect(await clientFor(sim.url.href).read("missing", "cred-a")).toBeNull();
  });

  it("answers an unknown credential (404 Credential not found) with PROVIDER_NOT_CONFIGURED, and a wrong key with PROVIDER_AUTH_FAILED", async () => {
    await expect(clientFor(sim.url.href).create(call("cred-zzz"))).rejects.toMatchObject({
      code: "PROVIDER_NOT_CONFIGURED",
      details: { upstreamStatus: 404 },
    });
    const wrong = createContext(loadConfig({ ALLOY_BASE_URL: sim.url.href, ALLOY_API_KEY: "wrong" }), silent).client(ContactProvider.ALLOY);
    await expect(wrong.create(call())).rejects.toMatchObject({ code: "PROVIDER_AUTH_FAILED", details: { upstreamStatus: 401 } });
  });

  it("answers a body without lastName (the one documented rule) with a 400 mapped to the field", async () => {
    const err = await clientFor(sim.url.href)
      .create({ ...call(), input: { firstName: "Ada" } } as never)
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejection);
    expect(err.userErrors).toEqual([{ field: ["input", "lastName"], code: "REJECTED_BY_PROVIDER", message: "lastName is required." }]);
  });
});

describe("AlloyClient against Alloy's documented answers", () => {
  let fake: ExpectingUpstream;
  beforeAll(async () => {
    fake = await startExpectingUpstream();
  });
  afterEach(() => fake.verify());
  afterAll(() => fake.close());
  const ok = { status: 200, body: { contact: { id: "4b5cc100-b204-44fa-74df-109e233541a8", remoteId: "151", lastName: "Lovelace" } } };

  it("sends the documented request: POST one/crm/contacts?credentialId=, Bearer key, JSON body", async () => {
    fake.expect("POST", "/2024-03/one/crm/contacts", ok);
    const created = await clientFor(`${fake.url}/2024-03`).create({ ...call("cred 1/x"), input: { ...call().input, companyName: "AE" } });
    expect(created).toMatchObject({ providerId: "4b5cc100-b204-44fa-74df-109e233541a8", remoteId: "151" });
    const req = fake.received.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/2024-03/one/crm/contacts?credentialId=cred+1%2Fx" });
    expect(req.headers).toMatchObject({ authorization: `Bearer ${KEY}`, "content-type": "application/json", accept: "application/json" });
    expect(req.headers["idempotency-key"]).toBeUndefined();
    expect(req.body).toEqual({
      lastName: "Lovelace",
      firstName: "Ada",
      account: "AE",
      emailAddresses: [{ emailAddressType: "main", emailAddress: "ada@example.com" }],
      phoneNumbers: [{ phoneNumberType: "primary", phoneNumber: "+442079460958" }],
    });
  });

  it("reads back with GET one/crm/contacts/{id}?credentialId=", async () => {
    fake.expect("GET", "/2024-03/one/crm/contacts/id%2F1", ok);
    await clientFor(`${fake.url}/2024-03`).read("id/1", "cred-a");
    expect(fake.received.at(-1)).toMatchObject({
      method: "GET",
      url: "/2024-03/one/crm/contacts/id%2F1?credentialId=cred-a",
      body: undefined,
    });
  });

  it("maps a 400 with field errors to user errors at the unified paths", async () => {
    fake.expect("POST", "/one/crm/contacts", {
      status: 400,
      body: {
        message: "Validation failed.",
        errors: [
          { field: "emailAddresses[0].emailAddress", message: "Invalid email." },
          { field: "account", message: "Unknown account." },
        ],
      },
    });
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.userErrors).toEqual([
      { field: ["input", "emails", "0", "address"], code: "REJECTED_BY_PROVIDER", message: "Invalid email." },
      { field: ["input", "companyName"], code: "REJECTED_BY_PROVIDER", message: "Unknown account." },
    ]);
  });

  it("maps the documented 400 with an empty body, and a 422, to REJECTED_BY_PROVIDER", async () => {
    fake.expect("POST", "/one/crm/contacts", { status: 400, body: {} });
    expect(
      (
        await clientFor(fake.url)
          .create(call())
          .catch((e) => e)
      ).userErrors,
    ).toEqual([{ field: null, code: "REJECTED_BY_PROVIDER", message: "Alloy rejected the contact." }]);
    fake.expect("POST", "/one/crm/contacts", { status: 422, body: { errors: { "phoneNumbers.0.phoneNumber": "Invalid phone." } } });
    expect(
      (
        await clientFor(fake.url)
          .create(call())
          .catch((e) => e)
      ).userErrors,
    ).toEqual([{ field: ["input", "phones", "0", "number"], code: "REJECTED_BY_PROVIDER", message: "Invalid phone." }]);
  });

  it("maps a 409 to DUPLICATE", async () => {
    fake.expect("POST", "/one/crm/contacts", { status: 409, body: { message: "Contact already exists." } });
    expect(
      (
        await clientFor(fake.url)
          .create(call())
          .catch((e) => e)
      ).userErrors,
    ).toEqual([{ field: null, code: "DUPLICATE", message: "Contact already exists." }]);
  });

  it.each([
    [401, "PROVIDER_AUTH_FAILED"],
    [403, "PROVIDER_AUTH_FAILED"],
    [500, "PROVIDER_UNAVAILABLE"],
  ])("maps HTTP %i to %s with the upstream request id and without the body", async (status, expected) => {
    fake.expect("POST", "/one/crm/contacts", { status, body: { message: "nope", requestId: "req-42", echo: `Bearer ${KEY}` } });
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.extensions).toMatchObject({ code: expected, provider: "Alloy", upstreamStatus: status, upstreamRequestId: "req-42" });
    expect(JSON.stringify({ m: err.message, e: err.extensions })).not.toContain(KEY);
  });

  it("marks a 500 on the create as outcome UNKNOWN: Alloy has no idempotency", async () => {
    fake.expect("POST", "/one/crm/contacts", { status: 500, body: {} });
    expect(
      (
        await clientFor(fake.url)
          .create(call())
          .catch((e) => e)
      ).extensions.outcome,
    ).toBe("UNKNOWN");
  });

  it("marks a timeout after the create was sent as outcome UNKNOWN", async () => {
    fake.expect("POST", "/one/crm/contacts", () => new Promise((resolve) => setTimeout(() => resolve(ok), 3000)));
    const err = await clientFor(fake.url, { ALLOY_TIMEOUT_MS: "1000" })
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN" });
  });

  it("maps a 429 to PROVIDER_RATE_LIMITED with retryAfterSeconds from Retry-After", async () => {
    fake.expect("POST", "/one/crm/contacts", { status: 429, body: { message: "Rate limit exceeded" }, headers: { "retry-after": "17" } });
    const err = await clientFor(fake.url)
      .create(call())
      .catch((e) => e);
    expect(err.extensions).toMatchObject({ code: "PROVIDER_RATE_LIMITED", retryAfterSeconds: 17, upstreamStatus: 429 });
  });

  it.each([
    ["a body that is not JSON", { status: 200, raw: "<html>ok</html>" }],
    ["a contact without an id", { status: 200, body: { contact: { lastName: "L" } } }],
    ["no contact envelope", { status: 200, body: { id: "x", lastName: "L" } }],
    ["emailAddresses that is not a list", { status: 200, body: { contact: { id: "x", emailAddresses: "a@b.co" } } }],
  ])("answers a 2xx with %s as PROVIDER_BAD_RESPONSE", async (_name, reply) => {
    fake.expect("POST", "/one/crm/contacts", reply as FakeReply);
    await expect(clientFor(fake.url).create(call())).rejects.toMatchObject({
      extensions: { code: "PROVIDER_BAD_RESPONSE", provider: "Alloy" },
    });
  });
});
