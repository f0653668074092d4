import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../../helpers/fake-upstream.js";
import { startSubgraph, type TestSubgraph } from "../../helpers/server.js";
import { post } from "../../reliability/support.js";

// MASIVO_TIMEOUT_MS is the budget of the whole call. A slow /auth/authorize, a 401 (the token was
// revoked) and a second slow /auth/authorize each had a budget of their own: about 3× the timeout,
// past the router's. The resend now waits for a new token only while the first call's budget lasts.

const TIMEOUT_MS = 1_000;
const AUTHORIZE_MS = 600;
const JWT = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ exp: 4_102_444_800 })).toString("base64url")}.sig`;
const QUERY = `mutation($input: CreateContactInput!) { createContact(provider: MASIVO, input: $input) { outcome contact { id } } }`;

describe("Masivo: a slow token exchange, a 401 and a second slow exchange (production mode)", () => {
  let upstream: FakeUpstream;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    upstream = await startFakeUpstream(async (req) => {
      if (req.url.includes("/auth/authorize")) {
        await new Promise((resolve) => setTimeout(resolve, AUTHORIZE_MS));
        return { status: 200, body: { data: JWT } };
      }
      return { status: 401, body: { message: "Unauthorized" } };
    });
    subgraph = await startSubgraph({
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      MASIVO_BASE_URL: upstream.url,
      MASIVO_API_KEY: "masivo-key",
      MASIVO_ACCOUNT_ID: "acc_1",
      MASIVO_TIMEOUT_MS: String(TIMEOUT_MS),
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await upstream?.close();
  });

  it("is answered within MASIVO_TIMEOUT_MS, NOT_CREATED: the create was refused and never resent", async () => {
    const started = performance.now();
    const res = await post(subgraph.url, { query: QUERY, variables: { input: { emails: [{ address: "ada@example.com" }] } } });
    const elapsed = performance.now() - started;
    expect(res.data?.createContact, res.text).toMatchObject({ outcome: "NOT_CREATED", contact: null });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "NOT_CREATED" });
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 300);
    expect(upstream.received.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
