# Signet: multi-stage build on Debian node:20. The runtime image holds the build output and the
# production dependencies only, runs as a non-root user, and keeps its data in a volume.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SIGNET_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
RUN groupadd --system signet && useradd --system --gid signet --home-dir /app signet \
    && mkdir -p /data && chown signet:signet /data && chmod 700 /data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER signet
VOLUME ["/data"]
EXPOSE 8080
# Production must set SIGNET_KEY_PASSPHRASE and SIGNET_PUBLIC_URL, and set the CA up once with
# `docker run ... node bin/signet.js init --data-dir /data` (the server makes no CA of its own then).
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/start.js"]
