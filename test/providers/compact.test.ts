import { describe, expect, it } from "vitest";
import { compact } from "../../src/providers/parse.js";

describe("compact", () => {
  it("drops undefined and null members and keeps every other value, falsy ones included", () => {
    expect(compact({ a: undefined, b: null, c: 0, d: "", e: false, f: "x" })).toEqual({ c: 0, d: "", e: false, f: "x" });
  });

  it("keeps an own __proto__ member as a member, never as the prototype", () => {
    const kept = compact(JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.keys(kept)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
