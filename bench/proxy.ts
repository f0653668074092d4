// The floor for any Node translator: a plain HTTP server that forwards the same JSON to the
// upstream with a pooled keep-alive client and returns the answer, translating nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";

const upstream = new Pool(process.argv[2], { connections: 128 });

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const answer = await upstream.request({
    method: "POST",
    path: "/2025-09/contacts",
    headers: { "content-type": "application/json", authorization: "Bearer bench" },
    body: Buffer.concat(chunks),
  });
  const body = await answer.body.text();
  res.writeHead(answer.statusCode, { "content-type": "application/json" });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
