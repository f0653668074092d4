import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import { REQUEST_ID_HEADER, requestIdFrom } from "../telemetry/request-id.js";

/** Larger bodies are not one contact: refused before they are buffered. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface GraphQLHandlerOptions<C extends BaseContext> {
  /** False refuses the request with a 401 before GraphQL runs (the router's shared secret). */
  authorize(headers: IncomingMessage["headers"]): boolean;
  context(requestId: string): Promise<C> | C;
  /** Called with what went wrong outside Apollo (a broken connection, most often); never rethrown. */
  onError?(err: Error): void;
}

const sendError = (res: ServerResponse, status: number, message: string, code: string) => {
  const requestId = res.getHeader(REQUEST_ID_HEADER);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
};

/**
 * Apollo refuses some requests before any plugin runs (CSRF prevention, a batch): their errors get
 * the request id here, as every other error gets it from the telemetry plugin. Refusals only, so
 * the hot path never parses its own answer.
 */
function withRequestId(body: string, requestId: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!parsed.errors?.some((error) => error.extensions?.requestId === undefined)) return body;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId: error.extensions?.requestId ?? requestId };
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * /graphql straight on node:http, through Apollo's own executeHTTPGraphQLRequest. Express's router
 * and body parser cost half of the throughput of an operation that does nothing (measured: see
 * README, Performance); they still serve /health, /metrics and GraphiQL.
 */
export function graphqlHandler<C extends BaseContext>(apollo: ApolloServer<C>, options: GraphQLHandlerOptions<C>) {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = (res.getHeader(REQUEST_ID_HEADER) as string | undefined) ?? requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (!options.authorize(req.headers)) return sendError(res, 401, "Missing or invalid Router-Authorization header.", "UNAUTHENTICATED");

    let body: unknown;
    if (req.method === "POST") {
      const text = await readBody(req);
      if (text === undefined) return sendError(res, 413, `The request body is larger than ${MAX_BODY_BYTES / 1024} kB.`, "BAD_REQUEST");
      if (/^application\/(graphql-response\+)?json/i.test(req.headers["content-type"] ?? "")) {
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          return sendError(res, 400, "The request body is not valid JSON.", "BAD_REQUEST");
        }
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const url = req.url ?? "";
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.includes("?") ? url.slice(url.indexOf("?") + 1) : "", body },
      context: () => Promise.resolve(options.context(requestId)),
    });
    for (const [name, value] of result.headers) res.setHeader(name, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === "complete")
      return void res.end(res.statusCode >= 400 ? withRequestId(result.body.string, requestId) : result.body.string);
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
  // A client that hangs up mid-request rejects the body stream: that request is over, the server is not.
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    handle(req, res).catch((err: Error) => {
      options.onError?.(err);
      if (!res.headersSent && !res.destroyed) sendError(res, 500, "Internal server error.", "INTERNAL_SERVER_ERROR");
      else res.destroy();
    });
}
