import type { RequestHandler } from "express";
import { metrics } from "./metrics.js";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.js";

/** Every response carries our request id: the router's when it sent a sane one, else a new one. */
export const requestIdMiddleware: RequestHandler = (req, res, next) => {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.locals.requestId = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  next();
};

/** Prometheus text format. Labels hold providers, path templates and codes only: nothing personal. */
export const metricsHandler: RequestHandler = async (_req, res) => {
  res.setHeader("content-type", metrics.registry.contentType);
  res.send(await metrics.registry.metrics());
};
