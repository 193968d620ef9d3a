#!/usr/bin/env bash
# CI check of the Helm chart (deploy/helm/erp-hub), with pinned tools from the Go module proxy only:
#   1. helm and kubeconform (deploy/helm/tools.env) built with `go install` into the cache, once;
#   2. the Kubernetes JSON schemas of the pinned version, written by scripts/k8s-schemas.js from
#      the OpenAPI document inside the k8s.io/kubernetes module, and the ServiceMonitor's from the
#      prometheus-operator module's CRD (`go mod download`), once;
#   3. `helm lint --strict` and `helm template` with the default values, the thirty-force example
#      and a variant that turns the optional parts on (Redis Cluster, Ingress, ServiceMonitor, a CA
#      bundle, a chart-made landscape ConfigMap, the worker on CPU);
#   4. `kubeconform -strict` of every rendered document against those schemas: no kind is skipped,
#      a kind without a schema fails;
#   5. scripts/chart-check.spec.ts (the properties that matter: probes, LEDGER_MIGRATIONS=external,
#      the migration hook, no secret inline), with the helm just built.
# Cold (nothing cached, Go's build and module caches empty) it builds helm and kubeconform, a few
# minutes on 2 cores; warm it takes seconds. Needs go (1.25 or newer) and node on PATH.
#   bash scripts/chart-check.sh        (npm run chart:check)
#   bash scripts/chart-check.sh --tools-only   (steps 1 and 2 only: what .ci/run starts early)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../deploy/helm/tools.env
source deploy/helm/tools.env
chart=deploy/helm/erp-hub
cache="${ERP_HUB_CACHE:-$HOME/.cache/erp-hub}/chart-check"
started=$SECONDS

command -v go >/dev/null || { echo "chart-check needs go (1.25 or newer) on PATH to build helm and kubeconform from the Go module proxy" >&2; exit 1; }
mkdir -p "$cache"

# go install MODULE/cmd/NAME@VERSION into $cache/NAME-VERSION, unless it is there already.
tool() {
  local name=$1 pkg=$2 version=$3 dir="$cache/$1-$3"
  if [[ ! -x "$dir/$name" ]]; then
    echo "chart-check: building $pkg@$version (once; cached in $dir)" >&2
    mkdir -p "$dir.tmp"
    GOBIN="$(cd "$dir.tmp" && pwd)" GOFLAGS=-mod=mod nice -n 10 go install "$pkg@$version"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir/$name"
}
helm=$(tool helm "$HELM_MODULE/cmd/helm" "$HELM_VERSION")
kubeconform=$(tool kubeconform "$KUBECONFORM_MODULE/cmd/kubeconform" "$KUBECONFORM_VERSION")
# Helm's own cache, config and data beside it, not in the user's.
export HELM_CACHE_HOME="$cache/helm-home/cache" HELM_CONFIG_HOME="$cache/helm-home/config" HELM_DATA_HOME="$cache/helm-home/data"

# The directory of a downloaded module (go mod download prints it as JSON).
module_dir() {
  GOFLAGS=-mod=mod go mod download -json "$1@$2" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const m=JSON.parse(s);if(m.Error){console.error(m.Error);process.exit(1)}console.log(m.Dir)})'
}
# The schemas are remade when the generator changes, not only when a version does.
generator=$(sha256sum scripts/k8s-schemas.js | cut -c1-12)
schemas="$cache/schemas-k8s-$KUBERNETES_VERSION-po-$PROMETHEUS_OPERATOR_VERSION-$generator"
if [[ ! -f "$schemas/.complete" ]]; then
  echo "chart-check: writing the Kubernetes $KUBERNETES_VERSION schemas (once; cached in $schemas)" >&2
  k8s=$(module_dir k8s.io/kubernetes "v$KUBERNETES_VERSION")
  po=$(module_dir github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION")
  rm -rf "$schemas"
  node scripts/k8s-schemas.js --swagger "$k8s/api/openapi-spec/swagger.json" --crd "$po/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" --out "$schemas" >&2
  touch "$schemas/.complete"
fi

if [[ "${1:-}" == --tools-only ]]; then
  # .ci/run builds the tools in the background while it installs the rest, then checks the chart.
  echo "chart-check: tools and schemas ready in $((SECONDS - started)) s" >&2
  exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The variant: every optional part on, and the other branch of each switch.
cat > "$out/variant.yaml" <<'VALUES'
redis: { mode: cluster, cluster: { nodes: "redis-0.redis:6379,redis-1.redis:6379,redis-2.redis:6379", auth: { secretName: erp-hub-redis } } }
ingress: { enabled: true, className: nginx, tls: [{ secretName: erp-hub-tls, hosts: [hub.example.org] }] }
serviceMonitor: { enabled: true }
caBundle: { secretName: erp-hub-ca }
tracing: { endpoint: "https://otel.example.org", headers: { secretName: erp-hub-otel } }
worker: { autoscaling: { metric: cpu } }
api: { autoscaling: { enabled: false } }
sharedFiles: { existingClaim: erp-hub-files }
landscape: { credentials: [{ name: HR_API_TOKEN_FEN, secretName: hr-fen, secretKey: token }] }
VALUES
declare -A sets=(
  [default]=""
  [production-30-forces]="-f $chart/examples/values-production-30-forces.yaml"
  [variant]="-f $out/variant.yaml --set-file landscape.json=config/compose.json"
)
for name in default production-30-forces variant; do
  # shellcheck disable=SC2086 # the value sets are word lists on purpose
  "$helm" lint --strict --quiet "$chart" ${sets[$name]}
  # shellcheck disable=SC2086
  "$helm" template hub "$chart" --namespace erp-hub ${sets[$name]} > "$out/$name.yaml"
  echo "chart-check: $name: $(grep -c '^kind:' "$out/$name.yaml") documents rendered" >&2
  "$kubeconform" -strict -summary -kubernetes-version "$KUBERNETES_VERSION" -schema-location "$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$out/$name.yaml"
done

# The properties that matter, on the helm just built (the spec renders the chart itself).
HELM_BIN="$helm" bash scripts/with-node.sh npx jest scripts/chart-check.spec.ts --selectProjects unit
echo "chart-check: passed in $((SECONDS - started)) s (Kubernetes $KUBERNETES_VERSION, helm $HELM_VERSION, kubeconform $KUBECONFORM_VERSION)" >&2
