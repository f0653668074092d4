import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";

// The telemetry only writes ids and codes; this is the net under a careless future log call.
describe("log redaction", () => {
  it("redacts credentials and personal data at the top level and one level down", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (c, _e, done) => void (lines.push(String(c)), done()) }) });
    logger.info({
      email: "top@example.com", phone: "+14155550100", firstName: "Perpetua", authorization: "Bearer top-secret-1",
      headers: { authorization: "Bearer nested-secret-2", "x-api-key": "nested-key-3", cookie: "sid=4" },
      contact: { emails: ["nested@example.com"], lastName: "Wigglesworth", fullName: "Perpetua Wigglesworth" },
      input: { taxId: "GB999" }, variables: { anything: "x" }, provider: "Example",
    }, "careless");
    const text = lines.join("");
    for (const secret of ["top@example.com", "+14155550100", "Perpetua", "top-secret-1", "nested-secret-2", "nested-key-3", "sid=4", "nested@example.com", "Wigglesworth", "GB999"])
      expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ provider: "Example", email: "[REDACTED]", headers: { authorization: "[REDACTED]" }, msg: "careless" });
  });
});
