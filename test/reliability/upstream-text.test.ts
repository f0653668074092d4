import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upstreamRequestId, upstreamText } from "../../src/errors.js";
import { ContactProvider } from "../../src/graphql/enums.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { CREATE, create, post } from "./support.js";

// Upstream text is data: a provider that echoes our credentials, a stranger's email and phone in
// its error message and request id gets none of them into a response or a log line.

const ROUTER_SECRET = "router-secret-w11b-5";
const CREDENTIALS = {
  STORA_TOKEN: "stora-token-w11b-5",
  MASIVO_API_KEY: "masivo-key-w11b-5",
  STACKONE_API_KEY: "stackone-key-w11b-5",
  GOMOBILE_API_KEY: "gomobile-key-w11b-5",
  ALLOY_API_KEY: "alloy-key-w11b-5",
};
/** What Masivo's /auth/authorize hands out: a secret we never configured, but sent. */
const MASIVO_JWT = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ exp: 4_102_444_800 })).toString("base64url")}.jwt-signature-w11b-5`;
const STACKONE_BASIC = Buffer.from(`${CREDENTIALS.STACKONE_API_KEY}:`).toString("base64");
const SECRETS = [...Object.values(CREDENTIALS), MASIVO_JWT, STACKONE_BASIC, ROUTER_SECRET];
const EMAIL = "bob.stranger@example.org";
const PHONES = ["+1 415 555 0100", "+14155550100", "(415) 555-0100"];
const PERSONAL = [EMAIL, ...PHONES, "4155550100", "555-0100"];

const ECHO = `Token ${SECRETS.join(" / ")} is not valid for ${EMAIL}; call ${PHONES.join(" or ")}. ${"padding ".repeat(60)}`;
const ECHO_ID = `Bearer ${CREDENTIALS.STACKONE_API_KEY} ${EMAIL} ${PHONES[1]}`;

/** A field name whose tail is free text (a custom field's key): the echo goes there too. */
const ECHO_KEY = `${CREDENTIALS.GOMOBILE_API_KEY}-${EMAIL}-${PHONES[1]}`;

/** Each provider's own error body shape, every string in it an echo, field names included. */
const ERROR_BODIES: Record<ContactProvider, (status: number) => unknown> = {
  STORA: () => ({
    error: {
      code: "invalid",
      message: ECHO,
      request_id: ECHO_ID,
      details: [
        { pointer: "/email", message: ECHO },
        { pointer: `/metadata/${ECHO_ID}`, message: ECHO },
      ],
    },
  }),
  MASIVO: () => ({
    message: ECHO,
    errors: [
      { field: "email", message: ECHO },
      { field: `tags.${ECHO_ID}`, message: ECHO },
    ],
    request_id: ECHO_ID,
  }),
  STACKONE: (status) => ({ statusCode: status, message: ECHO, timestamp: "2026-12-01T00:00:00Z" }),
  GOMOBILE: (status) => ({
    statusCode: status,
    message: [`primaryEmail ${ECHO}`, `customAttributes.${ECHO_KEY} ${ECHO}`],
    error: "Bad Request",
    requestId: ECHO_ID,
  }),
  ALLOY: () => ({
    message: ECHO,
    errors: [
      { field: "emailAddresses", message: ECHO },
      { field: `remoteFields.${ECHO_ID}`, message: ECHO },
    ],
    request_id: ECHO_ID,
  }),
};

describe("upstream text is scrubbed before it reaches a response or a log (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  let status = 422;
  let requestIdHeader = ECHO_ID;
  beforeAll(async () => {
    upstream = await startFakeUpstream((req) => {
      if (req.url.includes("/auth/authorize")) return { status: 200, body: { data: MASIVO_JWT } };
      const provider = req.url.split("/")[1].toUpperCase() as ContactProvider;
      return { status, body: ERROR_BODIES[provider](status), headers: { "x-request-id": requestIdHeader } };
    });
    subgraph = await startSubgraph({
      NODE_ENV: "production",
      LOG_LEVEL: "debug",
      ROUTER_SECRET,
      ...CREDENTIALS,
      STORA_BASE_URL: `${upstream.url}/stora`,
      MASIVO_BASE_URL: `${upstream.url}/masivo`,
      MASIVO_ACCOUNT_ID: "acc_1",
      STACKONE_BASE_URL: `${upstream.url}/stackone`,
      STACKONE_ACCOUNT_ID: "acc_1",
      GOMOBILE_BASE_URL: `${upstream.url}/gomobile`,
      ALLOY_BASE_URL: `${upstream.url}/alloy`,
      ALLOY_CREDENTIAL_ID: "cred_1",
    });
    // Masivo's token exists once it was exchanged: from then on every provider's echo of it is scrubbed.
    await send(ContactProvider.MASIVO);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  const send = (provider: ContactProvider) =>
    create(
      subgraph.url,
      provider,
      {
        input: {
          lastName: "Lovelace",
          emails: [{ address: "ada@example.com" }],
          phones: [{ number: "+442079460958" }],
          customFields: { plan: "gold" },
        },
      },
      { "router-authorization": ROUTER_SECRET },
    );

  function expectClean(text: string) {
    for (const secret of SECRETS) expect(text, "a credential").not.toContain(secret);
    for (const personal of PERSONAL) expect(text, "personal data").not.toContain(personal);
  }

  it.each(Object.values(ContactProvider))(
    "%s: a rejection keeps a useful, bounded message without credentials or personal data",
    async (provider) => {
      status = 422;
      requestIdHeader = ECHO_ID;
      const before = subgraph.logs.length;
      const res = await send(provider);
      expect(res.status).toBe(200);
      const payload = res.data!.createContact!;
      expect(payload.outcome).toBe("NOT_CREATED");
      expect(payload.userErrors.length).toBeGreaterThan(0);
      for (const error of payload.userErrors) {
        // A path names what the caller sent: a custom field the provider names but the caller did not send stops at customFields.
        if (error.field?.[1] === "customFields") expect(error.field).toEqual(["input", "customFields"]);
        expect(error.message).toMatch(/is not valid for \[email\]; call \[phone\]/);
        expect(error.message).toContain("[REDACTED]");
        expect(error.message.length).toBeLessThanOrEqual(300);
      }
      expectClean(res.text);
      expectClean(subgraph.logs.slice(before).join("\n"));
    },
  );

  it.each(Object.values(ContactProvider))(
    "%s: a 5xx's request id (header or body) is dropped unless it looks like an id",
    async (provider) => {
      status = 503;
      requestIdHeader = ECHO_ID;
      const before = subgraph.logs.length;
      const res = await send(provider);
      const error = res.errors?.[0];
      expect(error?.extensions?.code, res.text).toBe("PROVIDER_UNAVAILABLE");
      expect(error?.extensions?.upstreamRequestId).toBeUndefined();
      expectClean(res.text);
      expectClean(subgraph.logs.slice(before).join("\n"));
    },
  );

  it("a request id that looks like one is kept, in the response and the log", async () => {
    status = 503;
    requestIdHeader = "req_01HZX-abc.123:4";
    const before = subgraph.logs.length;
    const res = await send(ContactProvider.STACKONE);
    expect(res.errors?.[0]?.extensions?.upstreamRequestId).toBe("req_01HZX-abc.123:4");
    expect(subgraph.logs.slice(before).join("\n")).toContain("req_01HZX-abc.123:4");
  });
});

describe("upstreamText", () => {
  it("keeps what is not personal: ids, dates, short numbers", () => {
    const text = "contact 123e4567-e89b-12d3-a456-426614174000 (born 1990-02-28) has 12345678 points, HTTP 422";
    expect(upstreamText(text)).toBe(text);
  });

  it("masks emails and phone numbers in any usual writing, and credentials first", () => {
    expect(upstreamText("a.b+c@d.example, +44 20 7946 0958, 020 7946 0958, (415) 555-0100, key sk_1@x", ["sk_1@x"])).toBe(
      "[email], [phone], [phone], ([phone], key [REDACTED]",
    );
  });

  it("masks them URL- or HTML-encoded too", () => {
    expect(upstreamText("email: ada.lovelace%40example.com phone=%2B442079460958, ada&#64;example.com, ada&#x40;example.com")).toBe(
      "email: [email] phone=[phone], [email], [email]",
    );
  });

  it("bounds the length and drops control characters", () => {
    expect(upstreamText(`a\u0000b\r\n${"x".repeat(400)}`)).toMatch(/^a b x+\.\.\.$/);
    expect(upstreamText(`${"x".repeat(400)}`)!.length).toBe(300);
  });

  it("keeps a request id only when it looks like one", () => {
    expect(upstreamRequestId("req_01HZX-abc.123:4")).toBe("req_01HZX-abc.123:4");
    for (const bad of [undefined, 42, "", "a b", "a\nb", "x".repeat(129), "bob@example.org", "+14155550100", "442079460958"])
      expect(upstreamRequestId(bad)).toBeUndefined();
    expect(upstreamRequestId("req-sk_live_1", ["sk_live_1"])).toBeUndefined();
  });
});

describe("a provider's answer nested deeper than any record (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
  let status = 201;
  beforeAll(async () => {
    upstream = await startFakeUpstream(() =>
      status < 300
        ? { status, raw: `{"contact":{"id":"con_deep","email":"ada@example.com","full_name":"Ada","metadata":${deep}}}` }
        : { status, raw: `{"error":{"message":"no","details":${deep}}}` },
    );
    subgraph = await startSubgraph({
      NODE_ENV: "production",
      STORA_BASE_URL: upstream.url,
      STORA_TOKEN: "stora-token-deep",
      STACKONE_BASE_URL: upstream.url,
      STACKONE_API_KEY: "k-deep",
      STACKONE_ACCOUNT_ID: "acc_1",
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  // providerData and customFields repeat the record: Apollo's JSON.stringify of the answer overflowed (HTTP 500).
  const WITH_DATA = CREATE.replace("contact { id providerId }", "contact { id providerId providerData customFields }");

  it("is PROVIDER_BAD_RESPONSE (UNKNOWN after a create without idempotency), never an HTTP 500", async () => {
    for (const provider of [ContactProvider.STORA, ContactProvider.STACKONE]) {
      status = 201;
      const res = await post(subgraph.url, {
        query: WITH_DATA,
        variables: { provider, input: { lastName: "Lovelace", emails: [{ address: "ada@example.com" }] } },
      });
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect(res.errors?.[0]?.extensions, provider).toMatchObject({
        code: "PROVIDER_BAD_RESPONSE",
        ...(provider === ContactProvider.STACKONE ? { outcome: "UNKNOWN" } : {}),
      });
      // An error answer that deep is read by its status alone.
      status = 422;
      const rejected = await create(subgraph.url, provider, { input: { lastName: "Lovelace", emails: [{ address: "ada@example.com" }] } });
      expect(rejected.status).toBe(200);
      expect(rejected.data!.createContact).toMatchObject({ outcome: "NOT_CREATED", userErrors: [{ code: "REJECTED_BY_PROVIDER" }] });
    }
  });
});
