import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../src/providers/index.js";
import type { Simulator } from "../../src/providers/types.js";
import type { RunningSimulator } from "../../src/sandbox/http.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { freePort } from "../setup/services.js";
import { create, createsOf, providerEnv } from "./support.js";

// A Redis of this test's own, on a free port in a temporary directory, killed (SIGKILL) and restarted
// mid-create. The machine's Redis at 6379 is never touched. appendonly + appendfsync always is what the
// README asks of a Redis holding idempotency keys: every pending record is on disk before the create is sent.
class OwnRedis {
  private child?: ChildProcess;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  private get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start() {
    if (this.running) return;
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const end = Date.now() + 10_000;
    while (!out.includes("Ready to accept connections")) {
      if (Date.now() > end || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`redis-server did not start: ${out}`);
      }
      await sleep(20);
    }
  }

  /** Hung, not gone: the socket stays open and nothing answers (SIGSTOP), until `resume`. */
  stall() {
    this.child?.kill("SIGSTOP");
  }

  resume() {
    this.child?.kill("SIGCONT");
  }

  async kill() {
    const child = this.child;
    if (!child || !this.running) return;
    const exit = once(child, "exit");
    child.kill("SIGKILL");
    await exit;
  }
}

const TIMEOUT_MS = 1_000;
// What a waiter waits before answering UNKNOWN; the old lock expired soon after (2 × timeout + 5 s).
const LOCK_MS = TIMEOUT_MS * 2 + 5_000;

describe("a Redis killed and restarted while a create is in flight", () => {
  const provider = "GOMOBILE";
  let dir: string;
  let redis: OwnRedis;
  let sim: Simulator & RunningSimulator;
  let proxy: FaultProxy;
  let env: Record<string, string>;
  const subgraphs: TestSubgraph[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "w11a-redis-"));
    redis = new OwnRedis(await freePort(), dir);
    await redis.start();
    sim = await startSimulator(providers[provider].simulator!());
    // The provider takes its time: Redis dies while the create is at the provider.
    proxy = await startFaultProxy(sim.url, { latencyMs: 400 });
    env = {
      ...providerEnv(provider, sim, proxy.url, TIMEOUT_MS),
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      REDIS_KEY_PREFIX: `restart-${randomUUID()}:`,
    };
  });
  afterEach(async () => {
    await Promise.all(subgraphs.splice(0).map((s) => s.stop()));
    await redis.start();
  });
  afterAll(async () => {
    await redis?.kill();
    await proxy?.close();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function killRedisMidCreate(subgraph: TestSubgraph, key: string) {
    const sent = proxy.stats.forwardedCreates;
    const answer = create(subgraph.url, provider, { key });
    while (proxy.stats.forwardedCreates === sent) await sleep(5);
    await redis.kill();
    return answer;
  }

  it("keeps trying the result write: once Redis is back, the retry is a replay, never a second create", async () => {
    const [a, b] = await Promise.all([startSubgraph(env), startSubgraph(env)]);
    subgraphs.push(a, b);
    const key = `restart-${randomUUID()}`;
    const before = createsOf(sim);
    const first = await killRedisMidCreate(a, key);
    expect(first.data?.createContact).toMatchObject({ outcome: "CREATED" });
    expect(a.logs.some((l) => l.includes("idempotency store write failed"))).toBe(true);

    await redis.start();
    // Past the time the old lock would have expired: the key must still not be free.
    await sleep(LOCK_MS + 500);
    const again = await create(b.url, provider, { key });
    expect(createsOf(sim) - before).toBe(1);
    expect(again.data?.createContact).toMatchObject({ outcome: "CREATED", contact: { id: first.data!.createContact!.contact!.id } });
  }, 30_000);

  it("keeps the key pending when the instance that created is gone before Redis is back: UNKNOWN, not a second create", async () => {
    const [a, b] = await Promise.all([startSubgraph(env), startSubgraph(env)]);
    subgraphs.push(b);
    const key = `orphan-${randomUUID()}`;
    const before = createsOf(sim);
    const first = await killRedisMidCreate(a, key);
    expect(first.data?.createContact).toMatchObject({ outcome: "CREATED" });
    // The instance holding the unwritten result stops (a deploy, a crash) while Redis is away.
    await a.stop();

    await redis.start();
    await sleep(LOCK_MS + 500);
    const again = await create(b.url, provider, { key });
    expect(createsOf(sim) - before).toBe(1);
    expect(again.data?.createContact).toMatchObject({ outcome: "UNKNOWN", contact: null });
    expect(again.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "UNKNOWN" });
  }, 30_000);
});

describe("a Redis that hangs (open socket, no answer) around a create", () => {
  const provider = "GOMOBILE";
  let dir: string;
  let redis: OwnRedis;
  let sim: Simulator & RunningSimulator;
  let proxy: FaultProxy;
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "redis-stall-"));
    redis = new OwnRedis(await freePort(), dir);
    await redis.start();
    sim = await startSimulator(providers[provider].simulator!());
    proxy = await startFaultProxy(sim.url, { latencyMs: 400 });
    subgraph = await startSubgraph({
      ...providerEnv(provider, sim, proxy.url, TIMEOUT_MS),
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      REDIS_KEY_PREFIX: `stall-${randomUUID()}:`,
    });
  });
  afterEach(() => redis.resume());
  afterAll(async () => {
    await subgraph?.stop();
    redis?.resume();
    await redis?.kill();
    await proxy?.close();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("at the claim: answered NOT_CREATED within seconds, and nothing is sent, then or when Redis wakes", async () => {
    const before = createsOf(sim);
    redis.stall();
    const started = Date.now();
    const res = await create(subgraph.url, provider, { key: `stall-claim-${randomUUID()}` });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.data?.createContact).toMatchObject({ outcome: "NOT_CREATED", contact: null });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", outcome: "NOT_CREATED" });
    redis.resume();
    await sleep(1_000);
    expect(createsOf(sim) - before).toBe(0);
  }, 30_000);

  it("while the result is written: the caller still gets its contact within seconds", async () => {
    const sent = proxy.stats.forwardedCreates;
    const started = Date.now();
    const answer = create(subgraph.url, provider, { key: `stall-finish-${randomUUID()}` });
    while (proxy.stats.forwardedCreates === sent) await sleep(5);
    redis.stall();
    const res = await answer;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.data?.createContact).toMatchObject({ outcome: "CREATED", contact: { id: expect.any(String) } });
  }, 30_000);
});
