#!/usr/bin/env bash
# Local infrastructure for the ERP integration hub (dev runs, demo, test suite):
# one Kafka broker (KRaft), one Redis, one PostgreSQL, all on 127.0.0.1 only.
#
#   scripts/infra.sh start  [kafka|redis|postgres ...]   idempotent; waits until each answers
#   scripts/infra.sh stop   [...]                        stops what this script started
#   scripts/infra.sh status [...]                        one line per service
#   scripts/infra.sh env    [--export]                   KAFKA_BROKERS / REDIS_URL / DATABASE_URL
#   scripts/infra.sh reset  [...]                        stop, then delete the data (not the jar cache)
#
# Overrides: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), REDIS_PORT (6379), PG_PORT (5432),
# HUB_INFRA_DIR (<repo>/.infra), HUB_CACHE_DIR (~/.cache/erp-hub), HUB_KAFKA_VERSION (3.9.1).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA_DIR="${HUB_INFRA_DIR:-$REPO_ROOT/.infra}"
CACHE_DIR="${HUB_CACHE_DIR:-${HOME:-/root}/.cache/erp-hub}"

# 3.9.x, the last 3.x line: still serves every old protocol version (Kafka 4.0 removed many,
# KIP-896) that kafkajs 2.2.4, unmaintained, might fall back to. This script is 3.x-specific:
# log4j 1 config, kafka.admin.BrokerApiVersionsCommand (moved out of the broker jar in 4.x).
# Keep in sync with infra/kafka/pom.xml.
KAFKA_VERSION="${HUB_KAFKA_VERSION:-3.9.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
REDIS_PORT="${REDIS_PORT:-6379}"
PG_PORT="${PG_PORT:-5432}"
PG_USER=hub PG_PASSWORD=hub PG_DB=hub

KAFKA_START_TIMEOUT=90
REDIS_START_TIMEOUT=20
PG_START_TIMEOUT=60
STOP_TIMEOUT=60

ALL_SERVICES=(kafka redis postgres)

# ---------------------------------------------------------------- helpers

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# True if something accepts TCP connections on 127.0.0.1:$1 (pure bash, no extra tools).
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# True if $1 is a live pid whose command line contains $2 (guards against pid reuse).
pid_matches() {
  local pid=$1 pattern=$2
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern"
}

# Live and not a zombie (where PID 1 is slow to reap, an exited daemon lingers as state Z).
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

read_pid() { if [[ -f $1 ]]; then head -n1 "$1" | tr -dc '0-9'; fi; }

# One infra dir holds one instance per service: refuse to start a second copy (same data dir,
# same pid file) just because a different port was asked for.
assert_same_port() {
  local name=$1 running_port=$2 wanted=$3
  [[ -z $running_port || $running_port == "$wanted" ]] ||
    die "$name from $INFRA_DIR already runs on port $running_port, not $wanted; run 'scripts/infra.sh stop $name' first"
}

# Sends SIGTERM, waits for exit (SIGKILL after STOP_TIMEOUT). No-op if not running.
kill_and_wait() {
  local pid=$1 name=$2 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while pid_alive "$pid"; do
    if (( waited >= STOP_TIMEOUT * 2 )); then
      log "$name (pid $pid) did not stop in ${STOP_TIMEOUT}s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.5; waited=$((waited + 1))
  done
}

# Fails with the tail of the service's log, so CI output shows why.
# wait_until SECONDS INTERVAL MESSAGE LOGFILE CMD...: polls CMD until it succeeds; fails with the log's tail past the deadline.
wait_until() {
  local timeout=$1 interval=$2 msg=$3 logfile=$4
  shift 4
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    (( SECONDS < deadline )) || fail_with_log "$msg" "$logfile"
    sleep "$interval"
  done
}

fail_with_log() {
  local msg=$1 logfile=$2
  {
    printf '[infra] ERROR: %s\n' "$msg"
    if [[ -f $logfile ]]; then
      # The cause is usually an earlier ERROR line, before pages of shutdown chatter.
      if grep -qE '(ERROR|FATAL|PANIC)' "$logfile"; then
        printf '[infra] --- first errors in %s ---\n' "$logfile"
        grep -E -m 5 '(ERROR|FATAL|PANIC)' "$logfile"
      fi
      printf '[infra] --- last lines of %s ---\n' "$logfile"
      tail -n 15 "$logfile"
    fi
  } >&2
  exit 1
}

# Waits for the dpkg lock (another apt run may be in progress); `apt-get update` only if the
# package lists are missing or stale, as on a fresh machine.
apt_install() {
  is_root || die "$1 is not installed; install it (Debian: apt-get install -y $1) or run this script as root"
  log "installing $1 with apt-get"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  "${apt[@]}" install -y "$1" >/dev/null ||
    { "${apt[@]}" update >/dev/null && "${apt[@]}" install -y "$1" >/dev/null; } ||
    die "apt-get install $1 failed"
}

# ---------------------------------------------------------------- kafka

KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
KAFKA_DIR="$INFRA_DIR/kafka"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/logs/server.log"
KAFKA_OUT="$KAFKA_DIR/logs/kafka.out"   # JVM stdout/stderr (crashes before log4j is up)

# Small, fast-starting JVM for the one-shot tool classes (storage format, readiness probe).
# An array, not a function, so that `timeout` can run it.
KAFKA_TOOL=(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
  "-Dlog4j.configuration=file:$REPO_ROOT/infra/kafka/tools-log4j.properties"
  -cp "$KAFKA_LIBS/*")

# The Apache tarball is not reachable from dev/CI machines, so the broker's jars come from
# Maven Central. Fetched into a temp dir and renamed, so an interrupted fetch is never "cached".
kafka_fetch_jars() {
  [[ -f $KAFKA_LIBS/.complete ]] && return 0
  command -v mvn >/dev/null || apt_install maven
  log "fetching Kafka $KAFKA_VERSION jars into $KAFKA_LIBS (one time)"
  local tmp="$KAFKA_LIBS.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  if ! mvn -q -B -f "$REPO_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$tmp" \
      >"$tmp.log" 2>&1; then
    cat "$tmp.log" >&2; rm -rf "$tmp" "$tmp.log"
    die "mvn could not fetch Kafka $KAFKA_VERSION"
  fi
  rm -f "$tmp.log"
  touch "$tmp/.complete"
  rm -rf "$KAFKA_LIBS"; mv "$tmp" "$KAFKA_LIBS"
}

kafka_render_config() {
  mkdir -p "$KAFKA_DIR/logs" "$KAFKA_DIR/data"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$KAFKA_DIR|g" \
      "$REPO_ROOT/infra/kafka/server.properties" >"$KAFKA_DIR/server.properties"
}

# KRaft storage must be formatted once with a cluster id; the id is generated once and kept.
kafka_format_storage() {
  [[ -f $KAFKA_DIR/data/meta.properties ]] && return 0
  if [[ ! -s $KAFKA_DIR/cluster.id ]]; then
    "${KAFKA_TOOL[@]}" kafka.tools.StorageTool random-uuid | tail -n1 >"$KAFKA_DIR/cluster.id"
  fi
  log "formatting KRaft storage (cluster id $(cat "$KAFKA_DIR/cluster.id"))"
  "${KAFKA_TOOL[@]}" kafka.tools.StorageTool format --ignore-formatted \
    -t "$(cat "$KAFKA_DIR/cluster.id")" -c "$KAFKA_DIR/server.properties" >/dev/null
}

# Real Kafka answer, not just an open port: the API-versions tool fetches metadata and then
# queries every broker listed there. A KRaft broker is only listed once it is unfenced, i.e.
# ready to host partitions (topic creation works from then on).
kafka_answers() {
  port_open "$KAFKA_PORT" || return 1
  local out
  out=$(timeout 20 "${KAFKA_TOOL[@]}" kafka.admin.BrokerApiVersionsCommand \
    --bootstrap-server "127.0.0.1:$KAFKA_PORT" 2>/dev/null) || return 1
  [[ $out == *"(id: 1 rack"* ]]
}

kafka_start() {
  if [[ -f $KAFKA_LIBS/.complete ]] && kafka_answers; then
    log "kafka already up on 127.0.0.1:$KAFKA_PORT"; return 0
  fi
  command -v java >/dev/null || die "java (17+) is needed for Kafka"
  kafka_fetch_jars
  local pid; pid=$(read_pid "$KAFKA_PID")
  if ! pid_matches "$pid" kafka.Kafka; then
    local p; for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      port_open "$p" && die "port $p is in use by something that is not this script's Kafka (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
    done
    kafka_render_config
    kafka_format_storage
    log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT"
    # setsid: own session, so the broker survives the calling shell and its job control.
    setsid java -Xms256m -Xmx512m -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -Djava.awt.headless=true -Dkafka.logs.dir="$KAFKA_DIR/logs" \
      -Dlog4j.configuration="file:$REPO_ROOT/infra/kafka/log4j.properties" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
      </dev/null >"$KAFKA_OUT" 2>&1 &
    pid=$!
    echo "$pid" >"$KAFKA_PID"
    echo "$KAFKA_PORT" >"$KAFKA_DIR/kafka.port"
  else
    assert_same_port kafka "$(cat "$KAFKA_DIR/kafka.port" 2>/dev/null)" "$KAFKA_PORT"
    log "kafka process $pid exists but does not answer yet; waiting for it"
  fi
  kafka_wait_ready "$pid"
}

kafka_wait_ready() {
  local pid=$1 deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while (( SECONDS < deadline )); do
    pid_alive "$pid" || { cat "$KAFKA_OUT" >&2 2>/dev/null || true
      fail_with_log "kafka exited during startup" "$KAFKA_LOG"; }
    # Cheap TCP poll first; the JVM-based probe only once the listener is open.
    if port_open "$KAFKA_PORT" && kafka_answers; then
      log "kafka up on 127.0.0.1:$KAFKA_PORT (pid $pid, $((SECONDS - deadline + KAFKA_START_TIMEOUT))s)"
      return 0
    fi
    sleep 0.5
  done
  fail_with_log "kafka did not answer on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s" "$KAFKA_LOG"
}

kafka_stop() {
  local pid; pid=$(read_pid "$KAFKA_PID")
  if pid_matches "$pid" kafka.Kafka; then
    log "stopping kafka (pid $pid)"
    kill_and_wait "$pid" kafka
  fi
  rm -f "$KAFKA_PID" "$KAFKA_DIR/kafka.port"
}

kafka_status() {
  local pid; pid=$(read_pid "$KAFKA_PID")
  if [[ -f $KAFKA_LIBS/.complete ]] && kafka_answers; then
    pid_matches "$pid" kafka.Kafka && echo "kafka    up    127.0.0.1:$KAFKA_PORT (pid $pid)" ||
      echo "kafka    up    127.0.0.1:$KAFKA_PORT (not started by this script)"
  else
    echo "kafka    down  127.0.0.1:$KAFKA_PORT"; return 1
  fi
}

# ---------------------------------------------------------------- redis

REDIS_DIR="$INFRA_DIR/redis"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

redis_answers() {
  command -v redis-cli >/dev/null && port_open "$REDIS_PORT" &&
    [[ $(timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_start() {
  if redis_answers; then log "redis already up on 127.0.0.1:$REDIS_PORT"; return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  local pid; pid=$(read_pid "$REDIS_PID")
  pid_matches "$pid" redis-server &&
    assert_same_port redis "$(cat "$REDIS_DIR/redis.port" 2>/dev/null)" "$REDIS_PORT"
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is in use by something that does not answer redis PING (set REDIS_PORT)"
  mkdir -p "$REDIS_DIR"
  echo "$REDIS_PORT" >"$REDIS_DIR/redis.port"
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  # noeviction: BullMQ needs it. AOF everysec: queue state survives a restart, cheaply.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" --dir "$REDIS_DIR" \
    --appendonly yes --appendfsync everysec --save '' \
    --maxmemory-policy noeviction </dev/null >/dev/null 2>&1 ||
    fail_with_log "redis-server failed to start" "$REDIS_LOG"
  wait_until "$REDIS_START_TIMEOUT" 0.2 "redis did not answer PING on 127.0.0.1:$REDIS_PORT within ${REDIS_START_TIMEOUT}s" "$REDIS_LOG" redis_answers
  log "redis up on 127.0.0.1:$REDIS_PORT (pid $(read_pid "$REDIS_PID"))"
}

redis_stop() {
  local pid; pid=$(read_pid "$REDIS_PID")
  if pid_matches "$pid" redis-server; then
    log "stopping redis (pid $pid)"
    kill_and_wait "$pid" redis   # SIGTERM: redis flushes the AOF and exits
  fi
  rm -f "$REDIS_PID" "$REDIS_DIR/redis.port"
}

redis_status() {
  local pid; pid=$(read_pid "$REDIS_PID")
  if redis_answers; then
    pid_matches "$pid" redis-server && echo "redis    up    127.0.0.1:$REDIS_PORT (pid $pid)" ||
      echo "redis    up    127.0.0.1:$REDIS_PORT (not started by this script)"
  else
    echo "redis    down  127.0.0.1:$REDIS_PORT"; return 1
  fi
}

# ---------------------------------------------------------------- postgres

# Newest installed major version (Debian 12: 15).
pg_bin_dir() {
  local d; d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  if [[ -d $d ]]; then echo "$d"; fi
}

# Root cannot run postgres, so as root the cluster belongs to the `postgres` OS user, who must be
# able to reach the data dir. If the repo sits somewhere it cannot traverse (e.g. /root, mode 700),
# the cluster lives under /var/lib/postgresql instead (stable name per infra dir).
pg_base_dir() {
  local base="$INFRA_DIR/postgres" probe="$INFRA_DIR"
  if is_root && id postgres >/dev/null 2>&1; then
    # Nearest existing ancestor: a dir created later inherits its reachability.
    while [[ ! -e $probe ]]; do probe=$(dirname "$probe"); done
    if ! runuser -u postgres -- test -x "$probe" 2>/dev/null; then
      base="/var/lib/postgresql/erp-hub-$(printf '%s' "$INFRA_DIR" | cksum | cut -d' ' -f1)"
    fi
  fi
  echo "$base"
}

# Runs a postgres binary as the cluster owner.
# (cd /: the caller's cwd, e.g. /root, may be unreadable for that user.)
as_pg_owner() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

PG_BASE="" PG_DATA="" PG_LOG="" PG_SOCK=""
pg_paths() {
  [[ -n $PG_BASE ]] && return 0
  PG_BASE=$(pg_base_dir)
  PG_DATA="$PG_BASE/data"
  PG_LOG="$PG_BASE/postgres.log"
  PG_SOCK="$PG_DATA"
  # A unix socket path must fit in 107 bytes; fall back to /tmp for very deep checkouts.
  (( ${#PG_SOCK} + 20 < 107 )) || PG_SOCK=/tmp
}

pg_hub_query() {
  local bin; bin=$(pg_bin_dir); [[ -n $bin ]] || return 1
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" \
    -U "$PG_USER" -d "$PG_DB" -Atc "${1:-select 1}" 2>/dev/null
}

pg_answers() { port_open "$PG_PORT" && [[ $(pg_hub_query 'select 1') == 1 ]]; }

pg_own_pid() {
  pg_paths
  local pid; pid=$(read_pid "$PG_DATA/postmaster.pid" 2>/dev/null)
  if pid_matches "$pid" postgres; then echo "$pid"; fi
}

pg_install_if_missing() {
  [[ -n $(pg_bin_dir) ]] && return 0
  apt_install postgresql
  [[ -n $(pg_bin_dir) ]] || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin"
}

# Debian's package may have created (and, where an init system runs, started) its own cluster
# on 5432. It would shadow ours, so stop it when it holds our port; anything else: report.
pg_free_port() {
  port_open "$PG_PORT" || return 0
  local ver name
  if command -v pg_lsclusters >/dev/null; then
    read -r ver name < <(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p && $4 ~ /online/ {print $1, $2; exit}') || true
  fi
  if [[ -n ${ver:-} ]] && is_root; then
    log "stopping Debian's default PostgreSQL cluster $ver/$name, which holds port $PG_PORT"
    pg_ctlcluster "$ver" "$name" stop -m fast || die "could not stop cluster $ver/$name"
    local deadline=$((SECONDS + 20))
    while port_open "$PG_PORT"; do (( SECONDS < deadline )) || break; sleep 0.3; done
  fi
  port_open "$PG_PORT" && die "port $PG_PORT is taken by a PostgreSQL (or other server) that does not accept hub/hub; stop it (Debian: pg_ctlcluster 15 main stop) or set PG_PORT"
  return 0
}

pg_init_cluster() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  local bin; bin=$(pg_bin_dir)
  log "initialising PostgreSQL cluster in $PG_DATA"
  [[ $PG_BASE == "$INFRA_DIR"/* ]] ||
    log "(not under $INFRA_DIR: the postgres OS user cannot traverse its parent directories)"
  mkdir -p "$PG_BASE"
  is_root && chown postgres:postgres "$PG_BASE"
  chmod 700 "$PG_BASE"
  # Socket lives in the 0700 data dir, so "trust" there only admits its owner (and root);
  # TCP needs the password.
  as_pg_owner "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$PG_BASE/initdb.log" 2>&1 ||
    fail_with_log "initdb failed" "$PG_BASE/initdb.log"
  echo "include_if_exists = 'erp-hub.conf'" | as_pg_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

# Listen settings are rewritten on each start so PG_PORT overrides apply.
pg_write_conf() {
  as_pg_owner tee "$PG_DATA/erp-hub.conf" >/dev/null <<EOF
# Written by scripts/infra.sh on every start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
EOF
}

pg_ensure_hub_db() {
  local bin; bin=$(pg_bin_dir)
  local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -At)
  if [[ $("${psql[@]}" -c "select 1 from pg_roles where rolname = '$PG_USER'") != 1 ]]; then
    log "creating role $PG_USER"
    "${psql[@]}" -c "create role $PG_USER login createdb password '$PG_PASSWORD'"
  fi
  if [[ $("${psql[@]}" -c "select 1 from pg_database where datname = '$PG_DB'") != 1 ]]; then
    log "creating database $PG_DB"
    "${psql[@]}" -c "create database $PG_DB owner $PG_USER"
  fi
}

pg_start() {
  if pg_answers; then log "postgres already up on 127.0.0.1:$PG_PORT (hub/hub accepted)"; return 0; fi
  pg_install_if_missing
  pg_paths
  local bin; bin=$(pg_bin_dir)
  if [[ -n $(pg_own_pid) ]]; then
    assert_same_port postgres "$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null)" "$PG_PORT"
  else
    pg_free_port
    pg_init_cluster
    pg_write_conf
    log "starting postgres on 127.0.0.1:$PG_PORT"
    # pg_ctl forks the postmaster into its own session and waits (-w) until it accepts connections.
    as_pg_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" start \
      </dev/null >/dev/null 2>&1 ||
      fail_with_log "postgres did not start within ${PG_START_TIMEOUT}s" "$PG_LOG"
  fi
  pg_ensure_hub_db
  wait_until "$PG_START_TIMEOUT" 0.3 "postgres does not accept hub/hub on 127.0.0.1:$PG_PORT" "$PG_LOG" pg_answers
  log "postgres up on 127.0.0.1:$PG_PORT (pid $(pg_own_pid), data $PG_DATA)"
}

pg_stop() {
  pg_paths
  [[ -n $(pg_own_pid) ]] || return 0
  log "stopping postgres (pid $(pg_own_pid))"
  as_pg_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null ||
    die "pg_ctl stop failed; see $PG_LOG"
}

pg_status() {
  local pid; pid=$(pg_own_pid)
  if pg_answers; then
    [[ -n $pid ]] && echo "postgres up    127.0.0.1:$PG_PORT (pid $pid)" ||
      echo "postgres up    127.0.0.1:$PG_PORT (not started by this script)"
  else
    echo "postgres down  127.0.0.1:$PG_PORT"; return 1
  fi
}

pg_reset_data() { pg_paths; rm -rf "$PG_BASE"; }

# ---------------------------------------------------------------- commands

# Maps a service name to its function prefix.
prefix() { case $1 in kafka) echo kafka ;; redis) echo redis ;; postgres|pg) echo pg ;; esac; }

env_lines() {
  local export_kw=${1:-}
  echo "${export_kw}KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  echo "${export_kw}REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "${export_kw}DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
}

usage() {
  # The header comment of this file is the help text.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit "${1:-0}"
}

main() {
  local cmd=${1:-}; shift || true
  local services=() s
  case $cmd in
    env)
      if [[ ${1:-} == --export ]]; then env_lines 'export '; else env_lines; fi
      return 0 ;;
    start|stop|status|reset) ;;
    -h|--help|help) usage 0 ;;
    *) usage 2 ;;
  esac
  for s in "$@"; do
    [[ -n $(prefix "$s") ]] || die "unknown service '$s' (expected: ${ALL_SERVICES[*]})"
    services+=("$s")
  done
  (( ${#services[@]} )) || services=("${ALL_SERVICES[@]}")

  local rc=0
  for s in "${services[@]}"; do
    local p; p=$(prefix "$s")
    case $cmd in
      start)  "${p}_start" ;;
      stop)   "${p}_stop" ;;
      status) "${p}_status" || rc=1 ;;
      reset)
        "${p}_stop"
        case $p in
          kafka) rm -rf "$KAFKA_DIR" ;;
          redis) rm -rf "$REDIS_DIR" ;;
          pg)    pg_reset_data ;;
        esac
        log "$s data deleted" ;;
    esac
  done
  # Whole reset: drop the (now empty) infra dir too.
  if [[ $cmd == reset && $# -eq 0 ]]; then rm -rf "$INFRA_DIR"; fi
  return $rc
}

main "$@"
