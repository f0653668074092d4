import { describe, expect, it } from "vitest";
import { fromUpstreamStatus, type UpstreamRejection } from "../../../src/errors.js";
import { parseScratchError } from "./errors.js";

describe("Scratch's error body", () => {
  const conflict = { status: "error", message: "Contact already exists. Existing ID: 1001", correlationId: "corr-1", category: "CONFLICT" };

  it("names the existing contact of a conflict, and keeps the id out of the message", () => {
    expect(parseScratchError(conflict)).toEqual({ requestId: "corr-1", message: "Contact already exists.", existingId: "1001" });
  });

  it("carries the existing id only on a 409: another rejection names no contact", () => {
    const info = parseScratchError(conflict);
    const duplicate = fromUpstreamStatus({ provider: "Scratch", status: 409, info }) as UpstreamRejection;
    const rejected = fromUpstreamStatus({ provider: "Scratch", status: 422, info }) as UpstreamRejection;
    expect(duplicate.existingProviderId).toBe("1001");
    expect(rejected.existingProviderId).toBeUndefined();
  });

  it("maps the properties a validation error names to the unified input, and leaves an unknown one at no path", () => {
    const invalid = {
      status: "error",
      message: "Property values were not valid: email, phone, hs_lead_status",
      correlationId: "corr-2",
      category: "VALIDATION_ERROR",
    };
    expect(parseScratchError(invalid)).toEqual({
      requestId: "corr-2",
      message: "Property values were not valid: email, phone, hs_lead_status",
      fields: [
        { path: ["emails", 0, "address"], message: "Property value was not valid: email" },
        { path: ["phones", 0, "number"], message: "Property value was not valid: phone" },
        { path: null, message: "Property value was not valid: hs_lead_status" },
      ],
    });
  });
});
