import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";

// The built entry point, as `npm start` runs it (npm test builds first).
const ENTRY = new URL("../dist/src/index.js", import.meta.url).pathname;

const children: ChildProcess[] = [];
afterEach(() => {
  // A failed assertion must not leave a server (and its sandbox) running.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env.PATH, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  children.push(child);
  return { child, out: () => stdout, err: () => stderr };
}

async function waitFor(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stop = async (child: ChildProcess) => {
  const exit = once(child, "exit");
  child.kill("SIGTERM");
  return (await exit)[0] as number;
};

describe("the server process", () => {
  it("stops at start-up with one line naming a bad variable", async () => {
    const { child, err } = start({ STORA_BASE_URL: "https://stora.example", PORT: "0" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(err().trim().split("\n")).toEqual([
      "contacts-subgraph: configuration error: STORA_BASE_URL is set but STORA_TOKEN is not: set both to configure Stora, or neither.",
    ]);
  });

  it.each([
    [{ ROUTER_SECRET: " " }, "ROUTER_SECRET is set but empty: give it a value, or unset it for no router check."],
    [{ ROUTER_SECRET: "short" }, "ROUTER_SECRET must be at least 16 characters (e.g. openssl rand -hex 32), got 5."],
    [
      { STACKONE_API_KEY: "k", STACKONE_ALLOWED_CONNECTIONS: " , " },
      "STACKONE_ALLOWED_CONNECTIONS is set but lists no connection id: list them (comma-separated), or unset it to allow any.",
    ],
    [{ REDIS_URL: "" }, "REDIS_URL is set but empty: give it a value, or unset it for the in-process store."],
    [{ NODE_ENV: "Production" }, 'NODE_ENV must be exactly "production" to run in production, got "Production".'],
    // A bad value is quoted on one line, bounded, and never with a URL's password in it.
    [{ REDIS_URL: "redis://:hunter2pass@[::1" }, 'REDIS_URL is not a valid URL: "redis://[credentials]@[::1".'],
    [
      { STORA_TOKEN: "t", STORA_BASE_URL: "https://user:hunter2pass@exa mple.com" },
      'STORA_BASE_URL is not a valid URL: "https://[credentials]@exa mple.com".',
    ],
    [
      { CORS_ORIGINS: "https://user:hunter2pass@example.com" },
      'CORS_ORIGINS must list origins like http://localhost:5173 (scheme, host and port only), got "https://[credentials]@example.com".',
    ],
    [{ NODE_ENV: "production\n" }, 'NODE_ENV must be exactly "production" to run in production, got "production\\n".'],
    [{ MASIVO_API_KEY: "k", MASIVO_ENVIRONMENT: "constructor" }, 'MASIVO_ENVIRONMENT must be one of DEV, PROD, got "constructor".'],
    [{ PORT: "0x1F" }, 'PORT must be a whole number from 0 to 65535, got "0x1F".'],
    [
      { STACKONE_API_KEY: "k", STACKONE_ALLOWED_CONNECTIONS: "acc_1,a b/c" },
      'STACKONE_ALLOWED_CONNECTIONS lists "a b/c": each must be 1 to 255 letters, digits or ! # $ % & \' * + - . ^ _ ` | ~ (no spaces, slashes or control characters).',
    ],
  ])("refuses to start with a setting that would silently weaken security: %j", async (env, line) => {
    const { child, err } = start({ PORT: "0", ...env });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(err().trim().split("\n")).toEqual([`contacts-subgraph: configuration error: ${line}`]);
  });

  it("warns at start-up in production when /graphql is open to anyone who reaches it (no ROUTER_SECRET)", async () => {
    const { child, out } = start({ PORT: "0", NODE_ENV: "production", STORA_TOKEN: "t" });
    await waitFor(() => /ready at/.test(out()));
    expect(out()).toMatch(/"level":40,.*ROUTER_SECRET is not set/);
    expect(await stop(child)).toBe(0);
  });

  it("starts in sandbox mode, serves GraphQL with CSRF prevention and a health check, and shuts down on SIGTERM", async () => {
    // Port 0: the system picks a free one, and the start-up line says which.
    const { child, out } = start({ PORT: "0" });
    await waitFor(() => /ready at http:\/\/localhost:\d+\/graphql/.test(out()));
    expect(out()).toContain("SANDBOX MODE");
    const base = `http://127.0.0.1:${/ready at http:\/\/localhost:(\d+)\/graphql/.exec(out())![1]}`;

    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok", sandbox: true, openCircuits: [] });

    const query = encodeURIComponent("{ contactProviders { provider configured sandbox } }");
    const blocked = await fetch(`${base}/graphql?query=${query}`);
    await blocked.arrayBuffer();
    expect(blocked.status).toBe(400); // a simple GET without a preflight header could be a CSRF
    const allowed = await fetch(`${base}/graphql?query=${query}`, { headers: { "apollo-require-preflight": "true" } });
    const providers = ((await allowed.json()) as { data: { contactProviders: { configured: boolean; sandbox: boolean }[] } }).data
      .contactProviders;
    expect(providers.every((p) => p.configured && p.sandbox)).toBe(true);

    const created = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          'mutation { createContact(provider: STORA, input: { emails: [{ address: "sandbox@example.com" }] }) { contact { id providerId } userErrors { message } } }',
      }),
    });
    const contact = ((await created.json()) as { data: { createContact: { contact: { id: string; providerId: string } } } }).data
      .createContact.contact;
    expect(contact.id).toMatch(/^sandbox_ctc1_/);
    expect(contact.providerId).toMatch(/^con_sandbox_/);

    expect(await stop(child)).toBe(0);
    expect(out()).toContain("shutting down");
  });
});
