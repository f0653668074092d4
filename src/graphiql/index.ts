import express, { type Request, type Response } from "express";
import { randomBytes } from "node:crypto";
import { vendorAssets, type Asset } from "./assets.js";
import { clientScript, clientStyle } from "./client.js";
import { EXAMPLE_TABS } from "./example.js";
import { contentSecurityPolicy, renderPage, type PageAssets } from "./page.js";

const YEAR_SECONDS = 365 * 24 * 60 * 60;
const GRAPHQL_TYPES = ["application/json", "application/graphql-response+json", "text/html"];

/**
 * Only a browser navigating to the endpoint gets the page. A GET carrying an operation, or from
 * a client that prefers JSON, is a GraphQL request and goes on to Apollo Server.
 */
export function wantsGraphiQL(req: Request): boolean {
  const params = req.query as Record<string, unknown>;
  if (params.query !== undefined || params.extensions !== undefined) return false;
  return req.accepts(GRAPHQL_TYPES) === "text/html";
}

function sendAsset(asset: Asset, res: Response, next: (err?: unknown) => void) {
  // The URL names the version or content hash: a changed file gets a new URL, never a stale cache.
  res.set("cache-control", `public, max-age=${YEAR_SECONDS}, immutable`);
  res.set("x-content-type-options", "nosniff");
  if ("body" in asset) {
    res.type(asset.type).send(asset.body);
    return;
  }
  // dotfiles: the checkout itself may sit below a dot-folder, which send would otherwise refuse.
  res.type(asset.type).sendFile(asset.file, { dotfiles: "allow" }, (err) => err && next(err));
}

/** GraphiQL at GET `graphqlPath` for browsers, and its assets below /graphiql/. */
export function graphiqlRouter(graphqlPath = "/graphql"): express.Router {
  const vendor = vendorAssets();
  const script = clientScript(EXAMPLE_TABS);
  const style = clientStyle();
  const pageAssets: PageAssets = {
    styles: [vendor.graphiqlCss, vendor.explorerCss, style],
    scripts: [vendor.react, vendor.reactDom, vendor.graphiql, vendor.explorer, script],
  };
  const assets = new Map<string, Asset>([...Object.values(vendor), script, style].map((a) => [a.path, a]));

  const router = express.Router();
  router.get(graphqlPath, (req, res, next) => {
    if (!wantsGraphiQL(req)) return next();
    const nonce = randomBytes(16).toString("base64");
    res.set({
      "content-security-policy": contentSecurityPolicy(nonce),
      // The page names the asset versions: always revalidate it so an upgrade shows at once.
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      vary: "accept",
    });
    res.type("html").send(renderPage(pageAssets, nonce));
  });
  router.get(/^\/graphiql\//, (req, res, next) => {
    const asset = assets.get(req.path);
    if (!asset) return next();
    sendAsset(asset, res, next);
  });
  return router;
}
