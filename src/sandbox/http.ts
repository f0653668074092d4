import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SimRequest {
  method: string;
  /** Path below the simulator's root, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; `invalid` when the body was not JSON. */
  body: unknown;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RunningSimulator {
  /** Base URL to configure the provider with. */
  url: URL;
  close(): Promise<void>;
}

export const INVALID_JSON = Symbol("invalid JSON");

/** Serves a simulator on loopback, on a free port unless one is given. */
export async function serveSimulator(handler: SimHandler, basePath = "/", port = 0): Promise<RunningSimulator> {
  const server = http.createServer((req, res) => void serve(req, res).catch(() => res.destroy()));
  // A caller that hangs up mid-request (a timed-out call) rejects the body stream: only that request ends.
  async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = INVALID_JSON;
    }
    const url = new URL(req.url ?? "/", "http://simulator");
    const path = url.pathname.startsWith(basePath) ? "/" + url.pathname.slice(basePath.length).replace(/^\//, "") : url.pathname;
    let out: SimResponse;
    try {
      out = await handler({ method: req.method ?? "GET", path, query: url.searchParams, headers: req.headers, body });
    } catch {
      out = { status: 500, body: { message: "simulator failure" } };
    }
    const payload = out.body === undefined ? "" : JSON.stringify(out.body);
    res.writeHead(out.status, { ...(payload ? { "content-type": "application/json" } : {}), ...out.headers });
    res.end(payload);
  }
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${actual}${basePath}`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A short random hex string for simulator ids. */
export const hex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
