// The transport reads at most MAX_RESPONSE_BYTES of an answer, whether the provider declares its
// length or streams it in chunks, and an answer cut off mid-body is a broken answer, not a record.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../src/errors.js";
import { MAX_RESPONSE_BYTES, Upstream } from "../../src/providers/http.js";

const contact = { id: "con_1", email: "ada@example.com", name: "Ada Lovelace" };
/** A JSON answer of `size` bytes: a contact padded with one long member. */
const answerOf = (size: number) => {
  const head = JSON.stringify({ contact, meta: { request_id: "r1" }, padding: "" }).slice(0, -2);
  return `${head}${"x".repeat(Math.max(0, size - head.length - 2))}"}`;
};

type Mode = "declared" | "chunked" | "cut";
let mode: Mode = "declared";
let size = 0;
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.on("error", () => undefined); // the client may hang up first, as it should
      const status = req.method === "GET" ? 200 : 201;
      const body = answerOf(size);
      if (mode === "declared") {
        res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
        res.end(body);
      } else if (mode === "chunked") {
        res.writeHead(status, { "content-type": "application/json" }); // no length: chunked
        for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.slice(at, at + 64 * 1024));
        res.end();
      } else {
        // Declares the whole answer, sends a tenth of it, then the connection breaks.
        res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
        res.write(body.slice(0, Math.floor(body.length / 10)), () => res.socket?.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

// The transport itself, as every provider's client uses it: the limit belongs to no provider.
const upstream = () =>
  new Upstream({
    provider: "Upstream",
    baseUrl: new URL(baseUrl),
    timeoutMs: 5_000,
    authorize: () => ({ authorization: "Bearer test-token-123456" }),
    authHeaderNames: ["authorization"],
    parseError: () => ({}),
  });
const create = () => upstream().send({ method: "POST", path: "contacts", template: "contacts", body: { email: "ada@example.com" } });
const read = () => upstream().find({ method: "GET", path: "contacts/con_1", template: "contacts/{id}" });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(ProviderError);
      const { code, extensions, message } = err as ProviderError;
      return { code, outcome: extensions.outcome, message };
    },
  );

describe("the size of a provider's answer", () => {
  it.each(["declared", "chunked"] as const)("reads an answer within the limit whole (%s length)", async (given) => {
    mode = given;
    size = MAX_RESPONSE_BYTES - 1024;
    expect(await create()).toMatchObject({ status: 201, json: { contact } });
  });

  it.each(["declared", "chunked"] as const)("refuses an answer over the limit to a create (%s length): it may exist", async (given) => {
    mode = given;
    size = MAX_RESPONSE_BYTES + 1024;
    expect(await failure(create())).toEqual({
      code: "PROVIDER_BAD_RESPONSE",
      outcome: "UNKNOWN",
      message: expect.stringContaining(`larger than ${MAX_RESPONSE_BYTES} bytes`),
    });
  });

  it("refuses an answer over the limit to a read, with no outcome", async () => {
    mode = "declared";
    size = MAX_RESPONSE_BYTES + 1024;
    expect(await failure(read())).toMatchObject({ code: "PROVIDER_BAD_RESPONSE", outcome: undefined });
  });

  it("answers a create whose answer is cut off mid-body as broken off: the create was received", async () => {
    mode = "cut";
    size = 64 * 1024;
    expect(await failure(create())).toEqual({
      code: "PROVIDER_UNAVAILABLE",
      outcome: "UNKNOWN",
      message: expect.stringContaining("broke off its answer"),
    });
  });
});
