import { defineConfig } from "vite";

// `npm run example`: the form on http://localhost:5173, /graphql proxied to the subgraph started by
// `npm start`, so the browser talks to one origin, as it would to a router.
export default defineConfig({
  server: { proxy: { "/graphql": process.env.CONTACTS_URL ?? "http://localhost:4001" } },
});
