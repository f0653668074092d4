import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../src/errors.js";
import { Upstream } from "../../src/providers/http.js";
import { startFakeUpstream, type FakeReply, type FakeUpstream } from "../helpers/fake-upstream.js";

// A provider that names its request id and rate-limit reset its own way (HubSpot-like names)
// declares them in its definition; the shared transport reads those, not its defaults.
describe("the transport reads the header names a provider declares", () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream(
      (request): FakeReply =>
        request.method === "GET"
          ? { status: 200, body: { id: "1" }, headers: { "x-hubspot-correlation-id": "corr-7", "x-request-id": "not-this-one" } }
          : { status: 429, body: {}, headers: { "x-hubspot-ratelimit-reset": "12", "ratelimit-reset": "99" } },
    );
  });
  afterAll(() => upstream?.close());

  const transport = (responseHeaders?: ConstructorParameters<typeof Upstream>[0]["responseHeaders"]) =>
    new Upstream({
      provider: "Scratch",
      baseUrl: new URL(upstream.url),
      timeoutMs: 2_000,
      authorize: () => ({}),
      authHeaderNames: [],
      parseError: () => ({}),
      responseHeaders,
    });

  it("takes the request id from the provider's own header", async () => {
    const response = await transport({ requestId: ["x-hubspot-correlation-id"] }).send({
      method: "GET",
      path: "contacts/1",
      template: "contacts/{id}",
    });
    expect(response.requestId).toBe("corr-7");
  });

  it("takes the wait of a 429 from the provider's own reset header", async () => {
    const error = await transport({ rateLimitReset: ["x-hubspot-ratelimit-reset"] })
      .send({ method: "POST", path: "contacts", template: "contacts", body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).details).toMatchObject({ upstreamStatus: 429, retryAfterSeconds: 12 });
  });

  it("falls back to the usual names when a provider declares none", async () => {
    const response = await transport().send({ method: "GET", path: "contacts/1", template: "contacts/{id}" });
    expect(response.requestId).toBe("not-this-one");
  });
});
