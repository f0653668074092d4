import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Paths that must never be written, whatever logs them: credentials, and the personal data of a
 * contact. Structured lines only name fields, so redaction by path is reliable.
 */
export const REDACT_PATHS = [
  "*.authorization", "*.Authorization", "*.x-api-key", "*.token", "*.apiKey", "*.password", "*.secret",
  "req.headers.authorization", "req.headers.cookie", "headers.authorization", "headers[\"x-api-key\"]",
  "*.email", "*.emails", "*.phone", "*.phones", "*.firstName", "*.lastName", "*.fullName", "input", "variables",
];

export function createLogger(options: { level?: string; pretty?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const base = { level: options.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[REDACTED]" }, base: { service: "contacts-subgraph" } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) return pino({ ...base, transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname,service" } } });
  return pino(base);
}
