import { describe, expect, it } from "vitest";
import { ContactProvider } from "../src/graphql/enums.js";
import { decodeContactId, encodeContactId, InvalidContactId } from "../src/providers/global-id.js";

describe("global Contact ids", () => {
  const ref = { provider: ContactProvider.STACKONE, connectionId: "acc_1", providerId: "c/1:é", sandbox: false };

  it("round-trips provider, connection and provider id", () => {
    expect(decodeContactId(encodeContactId(ref))).toEqual(ref);
    expect(decodeContactId(encodeContactId({ ...ref, connectionId: null }))).toMatchObject({ connectionId: null });
  });

  it("is stable and opaque", () => {
    expect(encodeContactId(ref)).toBe(encodeContactId({ ...ref }));
    expect(encodeContactId(ref)).toMatch(/^ctc1_[A-Za-z0-9_-]+$/);
  });

  it("shows a sandbox contact in its id", () => {
    expect(encodeContactId({ ...ref, sandbox: true })).toMatch(/^sandbox_ctc1_/);
    expect(decodeContactId(encodeContactId({ ...ref, sandbox: true })).sandbox).toBe(true);
  });

  it.each([
    "",
    "abc",
    "ctc1_",
    "ctc1_!!!",
    `ctc1_${Buffer.from('["NOPE",null,"1"]').toString("base64url")}`,
    `ctc1_${Buffer.from('["STORA",null,""]').toString("base64url")}`,
    `ctc1_${Buffer.from('{"a":1}').toString("base64url")}`,
    // Parts that would steer a read elsewhere: dot segments (plain or percent-encoded), control characters, a header-breaking connection.
    ...[".", "..", "%2E%2e", "a\u0000", "\ud800"].map(
      (id) => `ctc1_${Buffer.from(JSON.stringify(["STORA", null, id])).toString("base64url")}`,
    ),
    `ctc1_${Buffer.from(JSON.stringify(["STACKONE", "a\r\nb", "1"])).toString("base64url")}`,
  ])("refuses %j", (id) => expect(() => decodeContactId(id)).toThrow(InvalidContactId));
});
