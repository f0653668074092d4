import type { Asset } from "./assets.js";

/**
 * Only this server may supply scripts, styles and requests. `data:` is allowed for images and
 * fonts because graphiql's stylesheet embeds its fonts and icons that way (nothing is fetched).
 * The nonce admits the one <style> element GraphiQL's dialogs inject to lock page scrolling.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export interface PageAssets {
  styles: Asset[];
  /** In load order: each UMD file needs the globals of the ones before it. */
  scripts: Asset[];
}

/** `nonce`: fresh for every response; base64, so safe inside the attribute. */
export function renderPage({ styles, scripts }: PageAssets, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="csp-nonce" content="${nonce}">
<title>contacts-subgraph · GraphiQL</title>
<link rel="icon" href="data:,">
${styles.map((s) => `<link rel="stylesheet" href="${s.path}">`).join("\n")}
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. GraphQL itself is served at this URL: POST a JSON body with a "query".</noscript>
${scripts.map((s) => `<script src="${s.path}"></script>`).join("\n")}
</body>
</html>
`;
}
