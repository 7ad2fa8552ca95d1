# syntax=docker/dockerfile:1
# multirank service image. Build and run from the repository root:
#   docker build -t multirank .
#   docker run --rm -p 8080:8080 -v multirank-data:/var/lib/multirank multirank
# Three stages: `build` compiles TypeScript, `deps` installs the production dependencies and
# drops what Node never loads, `runtime` holds only those two results, the CLI entry and the
# model bundles, and runs as the unprivileged `node` user. Expected size ~390 MB uncompressed:
# the base image ~230 MB (Node itself ~120 MB), node_modules ~150 MB (ONNX Runtime's Linux
# library 46 MB, onnx-proto 23 MB, core-js 14 MB, TF.js 8 MB), models/ 5 MB, dist/ a few MB.
# (docs/operations.md, "Docker").
#
# Every build installs the same engine: the base image is pinned by its LTS tag, and the
# dependencies come from package-lock.json through `npm ci`. Nothing is downloaded beyond the
# npm registry: install scripts are not run (--ignore-scripts; the only one that fetches,
# onnxruntime-node's, downloads a CUDA provider a CPU image does not use, and .npmrc's
# onnxruntime-node-install=skip says the same), and optional dependencies are left out
# (--omit=optional: @tensorflow/tfjs-node, whose install downloads libtensorflow; the service
# uses TF.js's wasm backend instead). test/deploy/docker.test.ts fails when a production
# dependency gains an install script, so whether it needs one is decided, not skipped unseen.

FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Dev dependencies for tsc. No openapi.yaml or scripts/ in this stage, so `prebuild` keeps the
# committed src/client/schema.ts rather than regenerating it.
RUN npm ci --omit=optional --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-trixie-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY deploy/docker/slim-node-modules.sh ./
# Production dependencies only, then drop the ONNX Runtime binaries of other platforms and the
# browser builds, source maps and sources of TF.js (671 MB -> ~150 MB; see the script).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && sh slim-node-modules.sh node_modules \
  && npm cache clean --force

FROM node:24-trixie-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    MULTIRANK_EVENTS_FILE=/var/lib/multirank/events.jsonl \
    MULTIRANK_EVENTS_SPOOL=/var/lib/multirank/events-spool.jsonl
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY models ./models
# `multirank <verb>` on the PATH (batch scoring Jobs, `docker run multirank multirank score ...`);
# the events folder (file mode, or the spool while Redis is down) belongs to the service's user.
RUN ln -s /app/bin/multirank.mjs /usr/local/bin/multirank \
  && mkdir -p /var/lib/multirank \
  && chown node:node /var/lib/multirank
# Events must outlive the container: mount a volume here (docker-compose.yml, the StatefulSet).
VOLUME /var/lib/multirank
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node gets SIGTERM itself and server.ts turns it into a graceful close. Run it under
# an init (`docker run --init`, compose `init: true`) so it is not PID 1.
CMD ["node", "dist/server.js"]
