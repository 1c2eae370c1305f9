# syntax=docker/dockerfile:1
# The assistant's container image. Two stages: `build` has the C++ toolchain better-sqlite3
# may need and the dev dependencies TypeScript needs; `runtime` gets only the compiled code,
# production node_modules and the dashboard, and runs as an unprivileged user.
#
# Node 22 LTS: Node 20 left maintenance in April 2026, 22 is supported until April 2027, and
# better-sqlite3 12 (the store) supports both; package.json "engines" accepts 20.19–22.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# `npm ci` would run `prepare` (= build) before the sources are here: install without
# scripts, then run the one install script that matters, better-sqlite3's native build
# (a prebuilt binary when one matches, else compiled with the toolchain above).
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SQLITE_DB_PATH=/app/data/assistant.db \
    INBOX_DIR=/app/data/inbox \
    CLIENT_BILLING_RATES_PATH=/app/config/client_billing_rates.json \
    API_HOST=0.0.0.0 \
    API_PORT=8001
WORKDIR /app
# Code stays owned by root (the service cannot rewrite itself); only the data and config
# folders belong to `node` (uid 1000, usually the first user on the host, which keeps bind
# mounts simple).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY web ./web
RUN mkdir -p /app/data/inbox /app/config \
 && chown -R node:node /app/data /app/config \
 && ln -s /app/dist/cli/main.js /usr/local/bin/assistant
USER node
VOLUME ["/app/data", "/app/config"]
EXPOSE 8001
# No curl in slim images: Node's own fetch asks /health (it needs no token).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||8001)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts the graceful shutdown (finish or park in-flight actions, close SQLite).
STOPSIGNAL SIGTERM
# The same V8 flags as the `assistant` bin's shebang (which `docker exec … assistant` uses): a
# small young generation and size-favouring heap heuristics, −30 MB of RSS when idle.
CMD ["node", "--max-semi-space-size=2", "--optimize-for-size", "dist/cli/main.js", "serve"]
