// A zero-latency upstream that speaks Stora's create and show endpoints, with nothing stored:
// the benchmark measures the subgraph, not a simulator's map.
import http from "node:http";
import type { AddressInfo } from "node:net";

let n = 0;
const contact = (id: string, body: Record<string, unknown> = {}) => ({
  id,
  email: body.email ?? "bench@example.com",
  full_name: body.full_name ?? "Bench Contact",
  phone_number: body.phone_number ?? null,
  tax_id: null,
  company_registration_number: null,
  address: null,
  metadata: {},
  type: null,
  source: null,
  marketing_source: null,
  use_case: null,
  stripe_customer_id: null,
  tenancies_count: 0,
  created_at: "2025-02-22T14:41:00Z",
  updated_at: "2025-02-22T14:41:00Z",
});

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === "POST" && req.url === "/2025-09/contacts")
      return send(201, {
        contact: contact(`con_${(++n).toString(16).padStart(16, "0")}`, JSON.parse(Buffer.concat(chunks).toString())),
        meta: { request_id: "b" },
      });
    const show = /^\/2025-09\/contacts\/([^/]+)$/.exec(req.url ?? "");
    if (req.method === "GET" && show) return send(200, { contact: contact(decodeURIComponent(show[1])), meta: { request_id: "b" } });
    send(404, { error: { code: "invalid_endpoint", message: "no", request_id: "b" } });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
