import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";

// The telemetry only writes ids and codes; this is the net under a careless future log call.
describe("log redaction", () => {
  it("redacts credentials and personal data at the top level and one level down", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (c, _e, done) => void (lines.push(String(c)), done()) }) });
    logger.info(
      {
        email: "top@example.com",
        phone: "+14155550100",
        firstName: "Perpetua",
        authorization: "Bearer top-secret-1",
        headers: { authorization: "Bearer nested-secret-2", "x-api-key": "nested-key-3", cookie: "sid=4" },
        contact: { emails: ["nested@example.com"], lastName: "Wigglesworth", fullName: "Perpetua Wigglesworth" },
        input: { taxId: "GB999" },
        variables: { anything: "x" },
        provider: "Example",
      },
      "careless",
    );
    const text = lines.join("");
    for (const secret of [
      "top@example.com",
      "+14155550100",
      "Perpetua",
      "top-secret-1",
      "nested-secret-2",
      "nested-key-3",
      "sid=4",
      "nested@example.com",
      "Wigglesworth",
      "GB999",
    ])
      expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({
      provider: "Example",
      email: "[REDACTED]",
      headers: { authorization: "[REDACTED]" },
      msg: "careless",
    });
  });

  it("redacts inside the objects of a list, and leaves the caller's object as it was", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (c, _e, done) => void (lines.push(String(c)), done()) }) });
    const calls = [{ provider: "Example", email: "listed@example.com", headers: { authorization: "Bearer listed-4" } }];
    const line = { calls, contact: { phone: "+14155550111" } };
    logger.info(line, "careless list");
    const text = lines.join("");
    for (const secret of ["listed@example.com", "+14155550111"]) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ calls: [{ provider: "Example", email: "[REDACTED]" }], contact: { phone: "[REDACTED]" } });
    expect(line).toEqual({
      calls: [{ provider: "Example", email: "listed@example.com", headers: { authorization: "Bearer listed-4" } }],
      contact: { phone: "+14155550111" },
    });
  });
});
