# syntax=docker/dockerfile:1
# bookmemovie: build once, run the compiled server without build tools.
# The run-time stage uses exactly what test/production-install.test.ts proves without Docker:
# package.json + package-lock.json + dist/, `npm ci --omit=dev`, then `node dist/server/cli/start.js`.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# dist/web (Vite) and dist/server (tsc, plus its copied assets)
RUN npm run build

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000
COPY package.json package-lock.json ./
# Optional dependencies stay: they carry platform binaries (@node-rs/argon2). better-sqlite3 is
# only used on Node 20, so no compiler is installed here.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The only folder the server may write: SQLite's default file (sqlite:./data/bookmemovie.db), so
# mount a volume on /app/data when not on PostgreSQL. The code stays root's, read-only to the server.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8000
# Readiness, not liveness: 503 while the database is unreachable or the instance is draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/cli/start.js"]
