import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/errors.js";
import { upstreamErrorCode } from "../../src/telemetry/error-code.js";

// The code in logs, spans and metrics must be the one the caller gets (errors.ts is the one table).
describe("upstreamErrorCode", () => {
  it.each([
    [201, undefined, undefined],
    [200, "invalid JSON", "PROVIDER_BAD_RESPONSE"],
    [undefined, "ECONNREFUSED", "PROVIDER_UNAVAILABLE"],
    [401, undefined, "PROVIDER_AUTH_FAILED"],
    [403, undefined, "PROVIDER_AUTH_FAILED"],
    [422, undefined, "REJECTED_BY_PROVIDER"],
    [409, undefined, "DUPLICATE"],
    [429, undefined, "PROVIDER_RATE_LIMITED"],
    [503, undefined, "PROVIDER_UNAVAILABLE"],
    [404, undefined, "PROVIDER_NOT_CONFIGURED"],
  ])("POST answered %s (%s) is %s", (status, error, code) => {
    expect(upstreamErrorCode("Stora", "POST", status, error)).toBe(code);
  });

  it("takes the code of the error the call ends with, and calls a read of a missing contact NOT_FOUND", () => {
    const broken = new ProviderError("PROVIDER_UNAVAILABLE", "Stora broke off its answer.", { provider: "Stora", upstreamStatus: 200 });
    expect(upstreamErrorCode("Stora", "POST", 200, broken)).toBe("PROVIDER_UNAVAILABLE");
    expect(upstreamErrorCode("Stora", "GET", 404, undefined)).toBe("NOT_FOUND");
  });
});
