# syntax=docker/dockerfile:1
# Build: install everything, bundle, then keep production dependencies only. Node 24, the current LTS.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The embedded PostgreSQL (an optional dependency, ~60 MB of binaries) stays out: compose sets DATABASE_URL.
RUN npm run build && npm prune --omit=dev --omit=optional

# Runtime: the bundle, migrations and production node_modules; a non-root user under tini so
# signals reach Node and zombies are reaped.
FROM node:24-bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* \
  && mkdir /data && chown node:node /data
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin/app ./bin/app
COPY --from=build /app/migrations ./migrations
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/app"]
CMD ["all"]
