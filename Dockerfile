# One image, several roles: the command picks the app (api, router, worker, gateway, a simulator,
# or hub for all four).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY schemas ./schemas
COPY config ./config
# Drop and exchange directories (a volume in docker-compose.yml), writable by the app user.
RUN mkdir -p /app/var && chown node:node /app/var
USER node
CMD ["node", "dist/apps/hub/src/main.js"]
