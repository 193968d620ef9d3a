#!/usr/bin/env bash
# Runs a command on Node 24 LTS (scripts/use-node.sh): `npm test` goes through it, so the README's
# test command works on a machine whose node is older.
#
# With --experimental-vm-modules: jest 30 require()s an ES-module-only package (node-pg-migrate,
# @platformatic/kafka, commander, @nestjs/*) from the CommonJS specs only through Node's vm modules,
# and intercepts process.getBuiltinModule, so nothing can load such a package past its sandbox. Node
# itself needs no flag for require(esm): the built hub (dist/, scripts/start.sh) runs without it.
set -euo pipefail
# shellcheck source=use-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/use-node.sh"
[[ " ${NODE_OPTIONS:-} " == *" --experimental-vm-modules "* ]] ||
  export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules --disable-warning=ExperimentalWarning"
exec "$@"
