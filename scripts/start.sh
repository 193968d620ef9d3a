#!/usr/bin/env bash
# npm start / npm run demo: installs what is missing, builds, starts local Kafka and Redis when
# KAFKA_BROKERS / REDIS_URL are not set, then runs the hub (or the demo flow with --demo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -d node_modules ]] || npm install --no-audit --no-fund
npm run --silent build

if [[ -z "${KAFKA_BROKERS:-}" || -z "${REDIS_URL:-}" ]]; then
  bash scripts/infra.sh start kafka redis
  eval "$(bash scripts/infra.sh env --export | grep -v DATABASE_URL)"
fi
export KAFKA_BROKERS REDIS_URL

# The demo landscape names its secrets by reference; give it the demo values unless set already.
if [[ -z "${HUB_CONFIG:-}" || "${HUB_CONFIG}" == "config/demo.json" ]]; then
  while IFS='=' read -r name value; do
    if [[ "$name" =~ ^[A-Z][A-Z0-9_]*$ && -z "${!name:-}" ]]; then export "$name=$value"; fi
  done < config/demo.env
fi

if [[ "${1:-}" == "--demo" ]]; then
  shift
  exec node dist/scripts/demo.js "$@"
fi
exec node dist/apps/hub/src/main.js "$@"
