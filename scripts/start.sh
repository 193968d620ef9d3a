#!/usr/bin/env bash
# npm start / npm run demo: installs what is missing, builds, starts local Kafka, Redis and
# PostgreSQL (the ledger) for whichever of KAFKA_BROKERS / REDIS_URL / DATABASE_URL is not set,
# then runs the hub (or the demo flow with --demo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Node 24 LTS (.nvmrc): an older node is told so, and Node 24 is fetched from the npm registry for
# this run (ERP_HUB_NO_NODE_INSTALL=1: only told).
# shellcheck source=use-node.sh
source scripts/use-node.sh

[[ -d node_modules ]] || npm install --no-audit --no-fund
npm run --silent build

needed=()
[[ -n "${KAFKA_BROKERS:-}" ]] || needed+=(kafka)
[[ -n "${REDIS_URL:-}" ]] || needed+=(redis)
[[ -n "${DATABASE_URL:-}" ]] || needed+=(postgres)
if (( ${#needed[@]} )); then
  bash scripts/infra.sh start "${needed[@]}"
  # Only the variables of the services started here; ones already set are left alone.
  while IFS= read -r line; do
    name=${line#export }; name=${name%%=*}
    if [[ -z "${!name:-}" ]]; then eval "$line"; fi
  done < <(bash scripts/infra.sh env --export)
fi
export KAFKA_BROKERS REDIS_URL DATABASE_URL

# The demo landscape names its secrets by reference; give it the demo values unless set already.
if [[ -z "${HUB_CONFIG:-}" || "${HUB_CONFIG}" == "config/demo.json" ]]; then
  # Split at the first "=" only: a value may hold "=" (a base64 secret's padding), which read with IFS='=' would drop.
  while IFS= read -r line; do
    name=${line%%=*}; value=${line#*=}
    if [[ "$line" == *=* && "$name" =~ ^[A-Z][A-Z0-9_]*$ && -z "${!name:-}" ]]; then export "$name=$value"; fi
  done < config/demo.env
fi

if [[ "${1:-}" == "--demo" ]]; then
  shift
  exec node dist/scripts/demo.js "$@"
fi
exec node dist/apps/hub/src/main.js "$@"
