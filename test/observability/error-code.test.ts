import { describe, expect, it } from "vitest";
import { fromUpstreamStatus, ProviderError } from "../../src/errors.js";
import { errorCodeOf } from "../../src/telemetry/error-code.js";

// The code in logs, spans and metrics is the code of the error the caller gets (errors.ts is the one table).
describe("errorCodeOf", () => {
  it.each([
    [401, "PROVIDER_AUTH_FAILED"],
    [403, "PROVIDER_AUTH_FAILED"],
    [422, "REJECTED_BY_PROVIDER"],
    [409, "DUPLICATE"],
    [429, "PROVIDER_RATE_LIMITED"],
    [503, "PROVIDER_UNAVAILABLE"],
    [404, "PROVIDER_NOT_CONFIGURED"],
    [501, "PROVIDER_NOT_CONFIGURED"],
  ])("an upstream %s ends as %s", (status, code) => {
    expect(errorCodeOf(fromUpstreamStatus({ provider: "Example", status, info: {} }))).toBe(code);
  });

  it("takes the code of the error the call ends with, none without an error, and no invented code", () => {
    expect(
      errorCodeOf(new ProviderError("PROVIDER_UNAVAILABLE", "Example broke off its answer.", { provider: "Example", upstreamStatus: 200 })),
    ).toBe("PROVIDER_UNAVAILABLE");
    expect(errorCodeOf(undefined)).toBeUndefined();
    expect(errorCodeOf(new TypeError("bug"))).toBe("INTERNAL_SERVER_ERROR");
  });
});
