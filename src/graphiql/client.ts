import { ownAsset, type Asset } from "./assets.js";
import type { ExampleTab } from "./example.js";

// The page's own script and style live in files, not inline, so the Content-Security-Policy can
// allow scripts from 'self' only (styles: 'self' plus the nonce of one injected <style>).

/** Boots GraphiQL on the UMD globals React, ReactDOM and GraphiQL. */
export function clientScript(tabs: ExampleTab[]): Asset {
  const body = `"use strict";
(function () {
  var fetcher = GraphiQL.createFetcher({
    // The page is served on the GraphQL endpoint itself, whatever path a proxy gives it.
    url: window.location.pathname,
    // Apollo's CSRF prevention accepts a POST only with a JSON content type.
    headers: { "content-type": "application/json" },
    // Apollo Server answers plain JSON: no multipart incremental delivery.
    enableIncrementalDelivery: false,
  });
  // Dialogs lock page scrolling with an injected <style>; it carries this nonce (read through
  // webpack's global name) so the CSP can keep refusing every other inline style.
  var nonce = document.querySelector('meta[name="csp-nonce"]');
  if (nonce) window.__webpack_nonce__ = nonce.getAttribute("content");
  var tabs = ${JSON.stringify(tabs)};
  // GraphiQL 4 leaves the first default tab's variables out of the editor on a first visit
  // (graphql/graphiql#3392); it does read its own stored variables, so store them first.
  try {
    if (localStorage.getItem("graphiql:tabState") === null && tabs[0].variables)
      localStorage.setItem("graphiql:variables", tabs[0].variables);
  } catch (e) {
    // Storage disabled: the example then opens without variables.
  }
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: "variables",
      shouldPersistHeaders: false,
      // The query builder: tick fields in a tree instead of typing them.
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    }),
  );
})();
`;
  return ownAsset("contacts-graphiql", "js", body);
}

export function clientStyle(): Asset {
  return ownAsset("contacts-graphiql", "css", "html, body { height: 100%; margin: 0; }\n#graphiql { height: 100dvh; }\n");
}
