import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("OTEL_TRACES", () => {
  it("is off unless configured", () => {
    expect(loadConfig({}).traces).toBe("off");
    expect(loadConfig({ OTEL_TRACES: "console" }).traces).toBe("console");
  });

  it("refuses an unknown exporter with one line naming the variable", () => {
    expect(() => loadConfig({ OTEL_TRACES: "otlp" })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_TRACES: "otlp" })).toThrow(/^OTEL_TRACES must be console or off, got "otlp"\.$/);
  });
});
