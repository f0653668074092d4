import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// Every file the page loads comes from this server: the UMD builds of graphiql and React from
// node_modules (no CDN, so the page works offline) and our own small script and stylesheet.
// Each URL contains a version or a content hash, so browsers may cache it for a year.

export const ASSET_PREFIX = "/graphiql/";

export type Asset = { path: string; type: string; file: string } | { path: string; type: string; body: string };

const require = createRequire(import.meta.url);

/** The package's folder and installed version; graphiql's `exports` hides its UMD files from require.resolve. */
function installed(pkg: string): { dir: string; version: string } {
  const manifest = require.resolve(`${pkg}/package.json`);
  return { dir: dirname(manifest), version: (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version };
}

function fromPackage(pkg: string, file: string, name: string, type: string): Asset {
  const { dir, version } = installed(pkg);
  return { path: `${ASSET_PREFIX}${pkg}@${version}/${name}`, type, file: join(dir, file) };
}

/** Our own generated text, named by its content hash. */
export function ownAsset(name: string, ext: "js" | "css", body: string): Asset {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  const type = ext === "js" ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
  return { path: `${ASSET_PREFIX}${name}.${hash}.${ext}`, type, body };
}

const JS = "text/javascript; charset=utf-8";

/** The vendor files in the order the page must load them: React, ReactDOM, GraphiQL, then its explorer plugin. */
export function vendorAssets() {
  const graphiqlJs = fromPackage("graphiql", "graphiql.min.js", "graphiql.min.js", JS);
  return {
    react: fromPackage("react", "umd/react.production.min.js", "react.production.min.js", JS),
    reactDom: fromPackage("react-dom", "umd/react-dom.production.min.js", "react-dom.production.min.js", JS),
    graphiql: graphiqlJs,
    graphiqlCss: fromPackage("graphiql", "dist/style.css", "graphiql.css", "text/css; charset=utf-8"),
    // graphiql.min.js ends with `sourceMappingURL=index.umd.js.map`: served beside it for devtools.
    graphiqlMap: fromPackage("graphiql", "graphiql.min.js.map", "index.umd.js.map", "application/json"),
    // The query builder; its UMD build reads the globals React, GraphiQL.React and GraphiQL.GraphQL.
    explorer: fromPackage("@graphiql/plugin-explorer", "dist/index.umd.js", "index.umd.js", JS),
    explorerCss: fromPackage("@graphiql/plugin-explorer", "dist/style.css", "explorer.css", "text/css; charset=utf-8"),
  };
}
