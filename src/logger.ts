import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Paths that must never be written, whatever logs them: credentials, and the personal data of a
 * contact. Structured lines only name fields, so redaction by path is reliable.
 */
const SENSITIVE_KEYS = [
  "authorization", "Authorization", "cookie", "x-api-key", "token", "apiKey", "password", "secret",
  "email", "emails", "phone", "phones", "firstName", "lastName", "fullName", "input", "variables",
];
// A "*.key" path does not cover a top-level key: both are listed, so `log.info({ email })` is redacted too.
export const REDACT_PATHS = [
  ...SENSITIVE_KEYS.map((k) => (/^\w+$/.test(k) ? k : `["${k}"]`)),
  ...SENSITIVE_KEYS.map((k) => (/^\w+$/.test(k) ? `*.${k}` : `*["${k}"]`)),
  "req.headers.authorization", "req.headers.cookie",
];

export function createLogger(options: { level?: string; pretty?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const base = { level: options.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[REDACTED]" }, base: { service: "contacts-subgraph" } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) return pino({ ...base, transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname,service" } } });
  return pino(base);
}
