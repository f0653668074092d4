import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  /** Sent as is, for bodies that are not JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface FakeUpstream {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server answering with what `reply` says, recording every request: for the
 * upstream answers a simulator would not give (documented error bodies, wrong shapes).
 */
export async function startFakeUpstream(reply: (req: Received) => FakeReply | Promise<FakeReply>): Promise<FakeUpstream> {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const r: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: text ? JSON.parse(text) : undefined };
    received.push(r);
    const out = await reply(r);
    const payload = out.raw ?? (out.body === undefined ? "" : JSON.stringify(out.body));
    res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
