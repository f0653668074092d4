import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** What the proxy does to the next create (POST). Everything but "429" forwards it first: the worst case for duplicates. */
export type Fault = "reset" | "drop" | "slow" | "500" | "502" | "429" | "malformed" | "wrong-shape" | "oversized";

/** Put in every body the proxy writes itself: it must never reach a response, a log line or a preview. */
export const CANARY = "CANARY-raw-upstream-body-9d41";

export interface FaultProxy {
  /** The simulator's base URL, through the proxy. */
  url: URL;
  /** Faults for the next creates, in order; then creates pass through. */
  fail(...faults: Fault[]): void;
  /** Stops listening, so connections are refused; listens again after `ms` when given. */
  refuse(ms?: number): Promise<void>;
  stats: { requests: number; forwardedCreates: number };
  close(): Promise<void>;
}

const HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

/**
 * A loopback proxy in front of a provider simulator that injects the failures a real network and
 * a real provider produce. Requests other than POST (a token exchange, reads) always pass through.
 */
export async function startFaultProxy(
  target: URL,
  options: { slowMs?: number; retryAfter?: string; latencyMs?: number } = {},
): Promise<FaultProxy> {
  const queue: Fault[] = [];
  const stats = { requests: 0, forwardedCreates: 0 };
  const sockets = new Set<Socket>();

  async function forward(req: http.IncomingMessage, body: Buffer) {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP.has(k))) as Record<string, string>;
    const res = await fetch(new URL(req.url ?? "/", target.origin), { method: req.method, headers, body: body.length ? body : undefined });
    return {
      status: res.status,
      headers: Object.fromEntries([...res.headers].filter(([k]) => !HOP.has(k) && k !== "content-encoding")),
      text: await res.text(),
    };
  }

  const server = http.createServer(async (req, res) => {
    stats.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const fault = req.method === "POST" ? queue.shift() : undefined;
    if (fault === "429") {
      res.writeHead(429, { "content-type": "application/json", "retry-after": options.retryAfter ?? "30" });
      return void res.end(JSON.stringify({ error: { message: `slow down ${CANARY}` } }));
    }
    if (req.method === "POST") stats.forwardedCreates++;
    const up = await forward(req, body);
    // A provider that takes its time: concurrent requests really overlap.
    if (options.latencyMs) await sleep(options.latencyMs);
    const json = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(text);
    };
    switch (fault) {
      case undefined:
        res.writeHead(up.status, up.headers);
        return void res.end(up.text);
      case "reset":
        res.writeHead(up.status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(up.text)) });
        res.write(up.text.slice(0, Math.floor(up.text.length / 2)));
        await sleep(20);
        return void res.socket?.destroy();
      // The provider got the create, the connection died before any answer.
      case "drop":
        return void res.socket?.destroy();
      case "slow":
        await sleep(options.slowMs ?? 1_500);
        if (!res.destroyed) json(up.status, up.text);
        return;
      case "500":
      case "502":
        return json(
          Number(fault),
          JSON.stringify({ error: { message: `upstream exploded ${CANARY}`, trace: "at db.ts:12 token=" + CANARY } }),
        );
      case "malformed":
        return json(up.status, `{"contact": {"id": "${CANARY}", `);
      case "wrong-shape":
        return json(up.status, JSON.stringify({ unexpected: CANARY }));
      case "oversized":
        return json(up.status, JSON.stringify({ pad: CANARY.repeat(Math.ceil(2_000_000 / CANARY.length)) }));
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  return {
    url: new URL(`http://127.0.0.1:${port}${target.pathname}`),
    fail: (...faults) => void queue.push(...faults),
    async refuse(ms) {
      await stop();
      // Listening again on the same port: should another test have taken it meanwhile, the retry
      // this proxy waits for never arrives and that test fails, rather than the worker crashing.
      if (ms !== undefined) setTimeout(() => server.once("error", () => undefined).listen(port, "127.0.0.1"), ms);
    },
    stats,
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}
