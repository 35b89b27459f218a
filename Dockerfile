# syntax=docker/dockerfile:1
# One image for every Citizen Graph service; the command picks the service:
#   docker run IMAGE                                        -> the gateway (dist/gateway/main.js)
#   docker run IMAGE node dist/subgraphs/tax/main.js        -> a subgraph (citizen, tax, housing, benefits, selfservice)
#   docker run IMAGE node dist/legacy/tax/main.js           -> a legacy stand-in (test environments only)
#
# Why Node 22 here while the code is developed and tested on Node 20: Node 20 left upstream support
# in April 2026, and an image runs for months unpatched by a developer's machine, so it starts on a
# supported LTS line. The code uses nothing newer than Node 20 (package.json engines ">=20"), so both
# run it; move the machines to 22 too when the project's machine kind changes, and then drop 20.
ARG NODE_IMAGE=node:22-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off, as on the project's machines (binaries come in the registry packages).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The explorer bundle (GraphiQL; served only with GATEWAY_EXPLORER=true in production), then the services.
RUN npm run build:explorer && npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only: tsx, TypeScript, jest and the explorer's React are not in the image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The image's unprivileged "node" user (uid 1000); the code and modules stay root-owned and read-only to it.
USER 1000:1000
# Services listen on 127.0.0.1 unless told otherwise (GATEWAY_HOST, <NAME>_SUBGRAPH_HOST=0.0.0.0 in a pod).
EXPOSE 4000 4001 4002 4003 4004 4005
CMD ["node", "dist/gateway/main.js"]
