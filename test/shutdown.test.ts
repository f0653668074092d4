import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { stora } from "../src/providers/stora/index.js";
import { startFaultProxy, type FaultProxy } from "./helpers/fault-proxy.js";
import { startSimulator } from "./helpers/server.js";

// A stop always stops: the built entry point, as `npm start` runs it (npm test builds first), in
// each mode, with a slow request in flight and idle keep-alive connections open.
const ENTRY = new URL("../dist/src/index.js", import.meta.url).pathname;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Running {
  child: ChildProcess;
  port: number;
  out(): string;
  err(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts the server without NODE_ENV=test: Apollo only installs its own signal handlers outside tests. */
async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH, PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    at: Date.now(),
  }));
  const end = Date.now() + 20_000;
  const ready = () => /ready at http:\/\/localhost:(\d+)\/graphql/.exec(stdout);
  let match = ready();
  for (; !match; match = ready()) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`did not start: ${stderr}${stdout}`);
    await sleep(50);
  }
  return { child, port: Number(match[1]), out: () => stdout, err: () => stderr, exited };
}

/** Keep-alive client: its sockets stay open and idle between requests, as a router's do. */
function client() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  cleanup.push(() => agent.destroy());
  return agent;
}

function post(agent: http.Agent, port: number, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; json: any }>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

function get(agent: http.Agent, port: number, path: string) {
  return new Promise<number>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      })
      .on("error", reject);
  });
}

/** Opens `count` keep-alive connections, each used once and then left idle in the agent's pool. */
async function idleConnections(agent: http.Agent, port: number, count = 3) {
  await Promise.all(Array.from({ length: count }, () => get(agent, port, "/health")));
  expect(Object.values(agent.freeSockets).flat().length).toBeGreaterThan(0);
}

/** The port can be listened on again: no orphan keeps it. */
async function portIsFree(port: number) {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The stop was clean and bounded: exit code 0 within `withinMs` of the signal, nothing left open, the port free. */
async function expectCleanExit(server: Running, sent: number, withinMs: number) {
  const exit = await server.exited;
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(exit.at - sent).toBeLessThan(withinMs);
  expect(server.out()).not.toContain("still open");
  await portIsFree(server.port);
  return exit;
}

const CREATE = {
  query:
    "mutation($input: CreateContactInput!) { createContact(provider: STORA, input: $input) { contact { id } outcome userErrors { message } } }",
  variables: { input: { emails: [{ address: "drain@example.com" }] } },
};

/** A Stora simulator behind a proxy that answers every call `latencyMs` late. */
async function slowStora(latencyMs: number): Promise<{ proxy: FaultProxy; env: Record<string, string> }> {
  const sim = await startSimulator(stora.simulator!());
  const proxy = await startFaultProxy(sim.url, { latencyMs });
  cleanup.push(
    () => sim.close(),
    () => proxy.close(),
  );
  return { proxy, env: { STORA_TOKEN: sim.credentials.TOKEN, STORA_BASE_URL: proxy.url.href } };
}

async function waitUntil(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(10);
  }
}

describe("shutdown", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`in sandbox mode exits on ${signal} at once when nothing is in flight, idle keep-alive connections closed, port free`, async () => {
      const server = await start({ SHUTDOWN_TIMEOUT_MS: "20000" });
      expect(server.out()).toContain("SANDBOX MODE");
      await idleConnections(client(), server.port);
      const sent = Date.now();
      server.child.kill(signal);
      // Idle connections do not wait for the drain deadline (20 s here).
      await expectCleanExit(server, sent, 3_000);
      expect(server.out()).toContain("shutting down");
    }, 30_000);
  }

  it("in sandbox mode answers a request whose body is still arriving, then exits", async () => {
    const server = await start({ SHUTDOWN_TIMEOUT_MS: "20000" });
    await idleConnections(client(), server.port);
    // A slow client: the request is in flight at the server, its body not finished yet.
    const socket = net.connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    const body = JSON.stringify(CREATE);
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    socket.write(body.slice(0, 20));
    let answer = "";
    socket.on("data", (d) => (answer += d));
    await sleep(200);
    const sent = Date.now();
    server.child.kill("SIGTERM");
    await sleep(500);
    // Not end(): a client that half-closes is taken as gone by node:http.
    socket.write(body.slice(20));
    // The server closes the connection once it has answered.
    await once(socket, "close");
    expect(answer).toMatch(/^HTTP\/1.1 200/);
    expect(answer).toContain('"id":"sandbox_');
    await expectCleanExit(server, sent, 3_000);
  }, 30_000);

  it("in production finishes a create in flight to a slow provider, then exits", async () => {
    const { proxy, env } = await slowStora(1_500);
    const server = await start({ NODE_ENV: "production", SHUTDOWN_TIMEOUT_MS: "8000", ...env });
    const agent = client();
    await idleConnections(agent, server.port);
    const created = post(agent, server.port, CREATE);
    await waitUntil(() => proxy.stats.forwardedCreates === 1);
    const sent = Date.now();
    server.child.kill("SIGTERM");
    const { status, json } = await created;
    expect(status).toBe(200);
    expect(json.data.createContact).toMatchObject({ outcome: "CREATED", userErrors: [] });
    await expectCleanExit(server, sent, 4_000);
  }, 30_000);

  it("in production, past SHUTDOWN_TIMEOUT_MS, answers the create in flight with an error and exits", async () => {
    const { proxy, env } = await slowStora(20_000);
    const server = await start({ NODE_ENV: "production", SHUTDOWN_TIMEOUT_MS: "1000", ...env });
    const agent = client();
    await idleConnections(agent, server.port);
    const created = post(agent, server.port, CREATE);
    await waitUntil(() => proxy.stats.forwardedCreates === 1);
    const sent = Date.now();
    server.child.kill("SIGTERM");
    // A GraphQL answer, not a reset connection: the caller learns the create may have happened.
    const { status, json } = await created;
    expect(status).toBe(200);
    expect(json.data.createContact).toMatchObject({ contact: null, outcome: "UNKNOWN" });
    expect(json.errors[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN" });
    // The deadline (1 s) plus at most 2 s to answer and close.
    const exit = await expectCleanExit(server, sent, 3_000);
    expect(exit.at - sent).toBeGreaterThanOrEqual(900);
  }, 30_000);

  it("with REDIS_URL finishes a keyed create in flight, closes Redis and exits", async () => {
    const { proxy, env } = await slowStora(1_000);
    const server = await start({
      NODE_ENV: "production",
      SHUTDOWN_TIMEOUT_MS: "8000",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_KEY_PREFIX: `w11c-shutdown-${process.pid}-${Date.now()}:`,
      ...env,
    });
    const agent = client();
    await idleConnections(agent, server.port);
    const created = post(agent, server.port, {
      query:
        "mutation($input: CreateContactInput!, $key: String) { createContact(provider: STORA, input: $input, idempotencyKey: $key) { contact { id } outcome } }",
      variables: { ...CREATE.variables, key: `drain-${Date.now()}` },
    });
    await waitUntil(() => proxy.stats.forwardedCreates === 1);
    const sent = Date.now();
    server.child.kill("SIGTERM");
    const { json } = await created;
    expect(json.data.createContact).toMatchObject({ outcome: "CREATED" });
    await expectCleanExit(server, sent, 4_000);
  }, 30_000);

  it("with REDIS_URL pointing at no Redis still exits within the bound", async () => {
    const dead = net.createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const deadPort = (dead.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const server = await start({
      NODE_ENV: "production",
      SHUTDOWN_TIMEOUT_MS: "1000",
      REDIS_URL: `redis://127.0.0.1:${deadPort}`,
      STORA_TOKEN: "t",
    });
    await idleConnections(client(), server.port);
    const sent = Date.now();
    server.child.kill("SIGTERM");
    await expectCleanExit(server, sent, 3_000);
  }, 30_000);

  it("exits at once on a second signal during the drain", async () => {
    const { proxy, env } = await slowStora(20_000);
    const server = await start({ NODE_ENV: "production", SHUTDOWN_TIMEOUT_MS: "25000", ...env });
    const agent = client();
    const created = post(agent, server.port, CREATE).catch((err: Error) => err);
    await waitUntil(() => proxy.stats.forwardedCreates === 1);
    server.child.kill("SIGTERM");
    await sleep(300);
    expect(server.child.exitCode).toBeNull();
    const sent = Date.now();
    server.child.kill("SIGINT");
    const exit = await server.exited;
    expect(exit.at - sent).toBeLessThan(1_000);
    // Not a clean stop: the exit code says which signal forced it (128 + SIGINT).
    expect(exit.code).toBe(130);
    expect(await created).toBeInstanceOf(Error);
    await portIsFree(server.port);
  }, 30_000);
});
