#!/usr/bin/env bash
# Builds the benchmark peer (Benthos core v4.60.0 + kafka_franz_lite + json_schema_lite) into
# <repo>/.bench/peer/hub-peer. Idempotent: does nothing when the binary is newer than every
# source (*.go, go.mod, go.sum, this script); FORCE=1 rebuilds anyway.
#
#   bash bench/peer/build.sh            prints the binary's path on stdout
#
# Needs Go >= 1.26 (franz-go v1.22.3 requires it) and access to the Go module proxy the first time.
# First build, measured with `time` on the 2-core dev machine: 53 s with empty module and build
# caches (downloads ~70 modules: ~340 MB module cache + ~300 MB build cache), 46 s with the modules
# already downloaded; with the build cache warm ~2 s, and 0.01 s when up to date (no rebuild).
set -euo pipefail

PEER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PEER_DIR/../.." && pwd)"
OUT_DIR="$REPO_ROOT/.bench/peer"
BIN="$OUT_DIR/hub-peer"

die() { printf '[peer-build] ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf '[peer-build] %s\n' "$*" >&2; }

# Pinned versions come from go.mod/go.sum; never let the go command switch toolchains or
# silently reach for another Go release.
export GOTOOLCHAIN=local
export GOFLAGS="-mod=mod -buildvcs=false"

if ! command -v go >/dev/null 2>&1; then
  [[ -x /usr/local/go/bin/go ]] && PATH="/usr/local/go/bin:$PATH" || die "go not found (need Go >= 1.26 on PATH or in /usr/local/go/bin)"
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[[ $go_minor =~ ^[0-9]+$ && $go_minor -ge 26 ]] || die "$(go env GOVERSION) is too old: Go >= 1.26 needed (franz-go v1.22.3)"

if [[ -x $BIN && ${FORCE:-0} != 1 ]]; then
  newer=$(find "$PEER_DIR" -maxdepth 1 \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name 'build.sh' \) -newer "$BIN" -print -quit)
  if [[ -z $newer ]]; then
    log "up to date: $BIN"
    echo "$BIN"
    exit 0
  fi
fi

mkdir -p "$OUT_DIR" || die "cannot create $OUT_DIR"
log "building $BIN ($(go env GOVERSION), benthos $(grep -oE 'redpanda-data/benthos/v4 v[0-9.]+' "$PEER_DIR/go.mod" | cut -d' ' -f2))"
start=$SECONDS
# -trimpath/-s -w: no local paths, no debug info (about a third smaller). Built to a temporary
# name and moved, so a failed build never leaves a binary that looks up to date.
if ! (cd "$PEER_DIR" && go build -trimpath -ldflags='-s -w' -o "$BIN.tmp" .); then
  rm -f "$BIN.tmp"
  die "go build failed in $PEER_DIR (see the errors above)"
fi
mv -f "$BIN.tmp" "$BIN"
log "built in $((SECONDS - start)) s: $BIN ($(du -h "$BIN" | cut -f1))"
echo "$BIN"
