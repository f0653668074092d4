# syntax=docker/dockerfile:1
# contacts-subgraph: build with dev dependencies, run on slim Node 20 with production ones only.
#   docker build -t contacts-subgraph .
#   docker run -p 4001:4001 -e ROUTER_SECRET=... -e STORA_TOKEN=... contacts-subgraph
# No secret is baked in: every credential comes from the environment at run time (README, Configuration).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build

FROM node:20-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production PORT=4001
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
# The image's own unprivileged user; nothing in /app is writable by it.
USER node
EXPOSE 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# src/index.ts drains requests in flight on SIGTERM, then exits.
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives the signal itself. test/package.test.ts runs this very command.
CMD ["node", "dist/src/index.js"]
