import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { stopChild } from "../helpers/child.js";
import { freePort } from "../setup/services.js";

const BIN = new URL("../../node_modules/@graphql-hive/gateway/dist/bin.js", import.meta.url).pathname;
/** The configuration the README tells a platform team to copy. */
export const GATEWAY_CONFIG = new URL("../../gateway.config.ts", import.meta.url).pathname;

export interface HiveGateway {
  url: string;
  /** Everything the process printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** `hive-gateway supergraph <file> -c gateway.config.ts` as its own process, ready when /readiness answers. */
export async function startHiveGateway(supergraph: string, env: Record<string, string> = {}): Promise<HiveGateway> {
  // Hive Gateway prints "Listening on http://127.0.0.1:0" for port 0, so the test picks a free port itself.
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [BIN, "supergraph", supergraph, "-c", GATEWAY_CONFIG, "--host", "127.0.0.1", "--port", String(port)],
    {
      env: { PATH: process.env.PATH, NODE_ENV: "test", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  // Bounded: a gateway that does not stop within 5 s is killed.
  const stop = () => stopChild(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode}: ${output}`);
    const ready = await fetch(`${url}/readiness`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hive-gateway was not ready within 30 s: ${output}`);
    }
    await sleep(100);
  }
  return { url: `${url}/graphql`, output: () => output, stop };
}

export interface Exchange {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
  response: string;
}

export interface RecordingProxy {
  url: string;
  /** Every request that reached the subgraph through the proxy, with the subgraph's answer. */
  exchanges: Exchange[];
  /** Answer the next `count` requests with a 502 without forwarding them: a subgraph behind a flaky load balancer. */
  failNext(count: number): void;
  close(): Promise<void>;
}

/** A loopback proxy in front of a subgraph: what the gateway sent, and what the subgraph answered. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const sockets = new Set<Socket>();
  let failures = 0;
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (failures > 0) {
      failures--;
      exchanges.push({ headers: request.headers, body, status: 502, response: "" });
      response.writeHead(502).end();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !["host", "connection", "content-length", "accept-encoding"].includes(name)),
    ) as Record<string, string>;
    const upstream = await fetch(target, { method: request.method, headers, body: request.method === "POST" ? body : undefined });
    const text = await upstream.text();
    exchanges.push({ headers: request.headers, body, status: upstream.status, response: text });
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(text);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    exchanges,
    failNext: (count) => {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
