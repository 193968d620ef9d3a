#!/usr/bin/env bash
# Runs a command on Node 24 LTS (scripts/use-node.sh): `npm test` goes through it, so the README's
# test command works on a machine whose node is older.
set -euo pipefail
# shellcheck source=use-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/use-node.sh"
exec "$@"
