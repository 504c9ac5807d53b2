#!/usr/bin/env bash
# niotls side by side with Netty (JDK and BoringSSL), nginx and plain TCP on the niotls reactor (issues 6, 9, 11).
#
#   bench/run.sh [--smoke] [--profile SCENARIO] [SCENARIO...]
#
# Scenarios (default: all, in this order): jmh keepalive handshakes bulk latency connections idle-memory
#   keepalive    wrk -t1, keep-alive "Hello, World!" requests/s
#   handshakes   hsclient (C, epoll): TLS 1.3 full, TLS 1.2 full, TLS 1.2 resumed by session ID and by ticket; rate,
#                server CPU per handshake and handshakes per server CPU second, each server measured once warm
#                (handshake_warmup) (--profile: JFR top frames of niotls)
#   bulk         curl -o /dev/null of GET /bytes/N (MB/s); nginx also read by socat, the client's own ceiling
#   latency      loadgen echo, open loop: a warm-up rate, then each rate, REPEATS times; GC logs kept
#   connections  15,000 TLS connections held by loadgen, 1,000 of them sending 5k echo requests/s
#   idle-memory  heap and RSS per idle TLS connection
# Each server is started in turn on 127.0.0.1 (pinned to one CPU, its client to another, when there are two or
# more), driven by the same client, and stopped. Everything lands in bench/results/<UTC time>/: report.md,
# results.tsv, the raw output of every command, .hgrm histograms, GC logs and latency-RATE.svg plots.
#
# --smoke (or SMOKE=1)  every scenario for a few seconds with small counts (CI)
# --profile SCENARIO    record a JFR profile of the niotls server in SCENARIO (first repeat) and write the top
#                       30 methods by self time into the report (repeatable; the scenario is run if not named);
#                       handshakes: one extra, unrecorded run of niotls (and niotls-before) per kind, recorded over
#                       its measured window only, top CPU and allocation frames in profile-handshakes-KIND-SERVER.txt
# Environment: TLS=1.3|1.2 (keepalive, bulk, latency, connections, idle-memory; default 1.3), REPEATS (3; smoke
# 1), BASELINE_JAR (a niotls-samples.jar run as the extra server niotls-before), PIN=auto|off, SERVER_CPU,
# CLIENT_CPU, BASE_PORT (9440), TARGET (Maven build directory, default target), JAVA_SERVER_OPTS,
# KEEPALIVE_SECONDS, HS_KINDS ("tls13-full tls12-full tls12-sessionid tls12-ticket"), HS_PEERS ("netty-jdk
# netty-openssl nginx"), HS_SECONDS, HS_WARMUP
# (one warm-up slice, s), HS_WARMUP_MIN and HS_WARMUP_MAX (25 and 60 s), HS_WARMUP_TOLERANCE (%, 10), HS_CLIENT
# (hsclient | s_time), HS_CLIENTS (hsclient: connections in flight; s_time: processes),
# BULK_BYTES, BULK_WARMUP (discarded transfers before the measured one; 2, smoke 0), LAT_RATES, LAT_WARMUP_RATE, LAT_CONNECTIONS, LATENCY_REPEATS, CONN_TOTAL, CONN_ACTIVE, CONN_RATE,
# IDLE_CONNECTIONS, NIOTLS_WARM_UP (whole seconds, as 30s: niotls servers start with --warm-up, and the cold
# handshakes/s column measures a warmed start; default none).
set -euo pipefail

ORIGINAL_ARGS="$*"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
SMOKE=${SMOKE:-0}
ALL_SCENARIOS=(jmh keepalive handshakes bulk latency connections idle-memory)
SCENARIOS=()
PROFILE_SCENARIOS=()
usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; }
is_scenario() { local s; for s in "${ALL_SCENARIOS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) SMOKE=1 ;;
    -h|--help) usage; exit 0 ;;
    --profile)
      [ $# -ge 2 ] || { echo "run.sh: --profile needs a scenario (one of: ${ALL_SCENARIOS[*]})" >&2; exit 2; }
      is_scenario "$2" || { echo "run.sh: --profile: unknown scenario '$2' (one of: ${ALL_SCENARIOS[*]})" >&2; exit 2; }
      PROFILE_SCENARIOS+=("$2"); shift ;;
    *) is_scenario "$1" || { echo "run.sh: unknown scenario or flag '$1' (try --help)" >&2; exit 2; }
       SCENARIOS+=("$1") ;;
  esac
  shift
done
if [ ${#SCENARIOS[@]} -eq 0 ]; then
  if [ ${#PROFILE_SCENARIOS[@]} -gt 0 ]; then SCENARIOS=("${PROFILE_SCENARIOS[@]}"); else SCENARIOS=("${ALL_SCENARIOS[@]}"); fi
fi
for scenario in "${PROFILE_SCENARIOS[@]}"; do
  [[ " ${SCENARIOS[*]} " == *" $scenario "* ]] || SCENARIOS+=("$scenario")
done

TLS=${TLS:-1.3}
TARGET=${TARGET:-target}
BASE_PORT=${BASE_PORT:-9440}
# G1 named: a JVM pinned to one CPU would otherwise pick the serial collector, and pinned and unpinned runs
# would compare two collectors.
JAVA_SERVER_OPTS=${JAVA_SERVER_OPTS:--Xms256m -Xmx2g -XX:+UseG1GC}
HS_KINDS=${HS_KINDS:-tls13-full tls12-full tls12-sessionid tls12-ticket}
# The peers of the handshakes scenario (a subset saves a fifth of its time per peer left out).
HS_PEERS=${HS_PEERS:-netty-jdk netty-openssl nginx}
HS_CLIENT=${HS_CLIENT:-hsclient}
HS_WARMUP_TOLERANCE=${HS_WARMUP_TOLERANCE:-10}
# NIOTLS_WARM_UP in whole seconds ("30s"), so that wait_for_port can allow for it.
WARM_UP_SECONDS=0
if [ -n "${NIOTLS_WARM_UP:-}" ]; then
  [[ $NIOTLS_WARM_UP =~ ^([0-9]+)s$ ]] || { echo "NIOTLS_WARM_UP: give whole seconds, as 30s" >&2; exit 2; }
  WARM_UP_SECONDS=${BASH_REMATCH[1]}
fi
if [ "$SMOKE" = 1 ]; then
  REPEATS=${REPEATS:-1}
  WRK_SECONDS=${KEEPALIVE_SECONDS:-2}; WRK_WARMUP=2; WRK_CONNECTIONS=10
  HS_SECONDS=${HS_SECONDS:-2}; HS_WARMUP=${HS_WARMUP:-1}; HS_WARMUP_MIN=${HS_WARMUP_MIN:-0}; HS_WARMUP_MAX=${HS_WARMUP_MAX:-2}; HS_CLIENTS=${HS_CLIENTS:-8}
  BULK_BYTES=${BULK_BYTES:-$((64 << 20))}; BULK_WARMUP=${BULK_WARMUP:-0}
  LAT_RATES=${LAT_RATES:-500}; LAT_WARMUP_RATE=${LAT_WARMUP_RATE:-250}; LAT_CONNECTIONS=${LAT_CONNECTIONS:-20}
  LAT_SECONDS=2; LAT_WARMUP=1
  CONN_TOTAL=${CONN_TOTAL:-300}; CONN_ACTIVE=${CONN_ACTIVE:-30}; CONN_RATE=${CONN_RATE:-300}; CONN_SECONDS=2; CONN_WARMUP=1
  IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-100}
  JMH_ARGS=(-f 1 -wi 0 -i 1 -r 200ms -p size=1024 -p backend=HYBRID -p profile=TLS13)
else
  REPEATS=${REPEATS:-3}
  WRK_SECONDS=${KEEPALIVE_SECONDS:-10}; WRK_WARMUP=8; WRK_CONNECTIONS=100
  HS_SECONDS=${HS_SECONDS:-10}; HS_WARMUP=${HS_WARMUP:-5}; HS_WARMUP_MIN=${HS_WARMUP_MIN:-25}; HS_WARMUP_MAX=${HS_WARMUP_MAX:-60}; HS_CLIENTS=${HS_CLIENTS:-32}
  BULK_BYTES=${BULK_BYTES:-$((1 << 30))}; BULK_WARMUP=${BULK_WARMUP:-2}
  LAT_RATES=${LAT_RATES:-10000 20000 40000}; LAT_WARMUP_RATE=${LAT_WARMUP_RATE:-5000}
  LAT_CONNECTIONS=${LAT_CONNECTIONS:-1000}; LAT_SECONDS=10; LAT_WARMUP=5
  CONN_TOTAL=${CONN_TOTAL:-15000}; CONN_ACTIVE=${CONN_ACTIVE:-1000}; CONN_RATE=${CONN_RATE:-5000}; CONN_SECONDS=20; CONN_WARMUP=5
  IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-15000}
  JMH_ARGS=()
fi
LATENCY_REPEATS=${LATENCY_REPEATS:-$REPEATS}

case $TLS in
  1.3|1.2) ;;
  *) echo "run.sh: TLS must be 1.2 or 1.3, not '$TLS'" >&2; exit 2 ;;
esac
case $HS_CLIENT in
  hsclient|s_time) ;;
  *) echo "run.sh: HS_CLIENT must be hsclient or s_time, not '$HS_CLIENT'" >&2; exit 2 ;;
esac
for kind in $HS_KINDS; do
  case $kind in
    tls13-full|tls12-full|tls12-sessionid|tls12-ticket) ;;
    *) echo "run.sh: HS_KINDS: unknown kind '$kind' (tls13-full tls12-full tls12-sessionid tls12-ticket)" >&2; exit 2 ;;
  esac
done
CIPHER13=TLS_AES_128_GCM_SHA256
CIPHER12=ECDHE-ECDSA-AES128-GCM-SHA256

declare -A PORT=([niotls]=$((BASE_PORT + 1)) [netty-jdk]=$((BASE_PORT + 2)) [netty-openssl]=$((BASE_PORT + 3))
                 [nginx]=$((BASE_PORT + 4)) [niotls-before]=$((BASE_PORT + 5)) [plain-tcp]=$((BASE_PORT + 6)))

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---- tools, jars, limits ------------------------------------------------------------------------------

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v socat >/dev/null || missing+=(socat)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v jcmd >/dev/null || missing+=(openjdk-17-jdk-headless)
  # hsclient, the handshake client, is built from C against OpenSSL's headers.
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  [ -f /usr/include/openssl/ssl.h ] || missing+=(libssl-dev)
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing ${missing[*]} (run as root to install them with apt-get)"
  fi
}

BENCH_JAR=$BENCH/$TARGET/benchmarks.jar
SAMPLES_JAR=$ROOT/samples/$TARGET/niotls-samples.jar
BASELINE_JAR=${BASELINE_JAR:-}
BUILD_HINT="build them with: (cd $ROOT && mvn -B -q -DskipTests package)"

# Rebuilds the bench and samples jars when missing or older than a source; fails, saying how to build them,
# when that does not give both (there is no stand-in niotls server any more).
build() {
  local stale=0
  [ -f "$BENCH_JAR" ] && [ -f "$SAMPLES_JAR" ] || stale=1
  if [ $stale = 0 ] && [ -n "$(find "$ROOT"/{reactor,tls,samples,bench}/src "$ROOT"/{bench,samples}/pom.xml \
         -newer "$BENCH_JAR" -type f 2>/dev/null | head -1)$(find "$ROOT"/{reactor,tls,samples}/src \
         -newer "$SAMPLES_JAR" -type f 2>/dev/null | head -1)" ]; then
    stale=1
  fi
  if [ $stale = 1 ]; then
    log "building the bench and samples jars (mvn -Dniotls.target=$TARGET -pl bench,samples -am package)"
    (cd "$ROOT" && mvn -B -q -o -DskipTests -Dniotls.target="$TARGET" -pl bench,samples -am package 2>&1 ||
      mvn -B -q -DskipTests -Dniotls.target="$TARGET" -pl bench,samples -am package 2>&1) | tail -20 || true
  fi
  [ -f "$BENCH_JAR" ] || die "no $BENCH_JAR: $BUILD_HINT"
  [ -f "$SAMPLES_JAR" ] || die "no $SAMPLES_JAR (the niotls servers): $BUILD_HINT"
  java -jar "$SAMPLES_JAR" --help 2>/dev/null | grep -q 'plain-server' ||
    die "$SAMPLES_JAR has no plain-server command (an old build): $BUILD_HINT"
  if [ -n "$BASELINE_JAR" ]; then
    [ -f "$BASELINE_JAR" ] || die "BASELINE_JAR=$BASELINE_JAR does not exist"
    java -jar "$BASELINE_JAR" --help 2>/dev/null | grep -q 'https-server' ||
      die "BASELINE_JAR=$BASELINE_JAR is not a niotls-samples jar (no https-server in its --help)"
  fi
}

# hsclient (bench/src/main/c/hsclient.c): built beside the bench jar when missing or older than its source.
HSCLIENT=$BENCH/$TARGET/hsclient
build_hsclient() {
  local source=$BENCH/src/main/c/hsclient.c
  [ -x "$HSCLIENT" ] && [ "$HSCLIENT" -nt "$source" ] && return 0
  mkdir -p "$(dirname "$HSCLIENT")"
  log "building hsclient (gcc -O2 $source -lssl -lcrypto)"
  gcc -O2 -Wall -Wextra -Werror -o "$HSCLIENT" "$source" -lssl -lcrypto ||
    die "could not build $HSCLIENT from $source (needs gcc and libssl-dev)"
}

samples_has_flag() { java -jar "$1" --help 2>/dev/null | grep -q -- "$2"; }

# 15,000 connections need as many descriptors in the server and in the client: the soft limit goes up to the
# hard one (at most 20,000 per process on the project's machine).
raise_fd_limit() {
  local hard need=$(( ${CONN_TOTAL:-0} > ${IDLE_CONNECTIONS:-0} ? ${CONN_TOTAL:-0} : ${IDLE_CONNECTIONS:-0} ))
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ]; then
    ulimit -n "$hard"
    [ "$hard" -ge $((need + 500)) ] ||
      die "open-file limit $hard is too low for $need connections (raise the hard limit: ulimit -Hn, or lower CONN_TOTAL/IDLE_CONNECTIONS)"
  else
    ulimit -n 1048576 2>/dev/null || true
  fi
}

# ---- pinning ---------------------------------------------------------------------------------------------

CPUS=$(nproc)
PIN=${PIN:-auto}
if [ "$PIN" != off ] && [ "$CPUS" -ge 2 ] && command -v taskset >/dev/null; then
  SERVER_CPU=${SERVER_CPU:-0}
  CLIENT_CPU=${CLIENT_CPU:-$((CPUS - 1))}
  SERVER_PIN=(taskset -c "$SERVER_CPU")
  CLIENT_PIN=(taskset -c "$CLIENT_CPU")
  PINNING="servers on CPU $SERVER_CPU, clients on CPU $CLIENT_CPU (taskset -c); $CPUS CPUs"
else
  SERVER_PIN=()
  CLIENT_PIN=()
  PINNING="none (PIN=$PIN, $CPUS CPUs): servers and clients share every CPU"
fi

# ---- run directory -----------------------------------------------------------------------------------

OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)$([ "$SMOKE" = 1 ] && echo -smoke || true)
RESULTS=$OUT/results.tsv
STARTED_PIDS=()
SHM_DIR=

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  [ -z "$SHM_DIR" ] || rm -rf "$SHM_DIR"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }
note() { printf -- '- %s\n' "$*" >>"$OUT/notes.txt"; log "note: $*"; }
# Notes a command line in commands.txt once (the report prints them: no number without its command).
command_line() { grep -qxF -- "$*" "$OUT/commands.txt" 2>/dev/null || printf '%s\n' "$*" >>"$OUT/commands.txt"; }
logged() { command_line "$*"; "$@"; }

prepare() {
  mkdir -p "$OUT"
  : >"$RESULTS"
  : >"$OUT/notes.txt"
  printf '# bench/run.sh %s  (TLS=%s REPEATS=%s LATENCY_REPEATS=%s%s)\n' "${ORIGINAL_ARGS:-}" "$TLS" "$REPEATS" \
    "$LATENCY_REPEATS" "${BASELINE_JAR:+ BASELINE_JAR=$BASELINE_JAR}" >"$OUT/commands.txt"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/key.pem" \
    -out "$OUT/cert.pem" -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 7 2>/dev/null
  # nginx's ticket key format (80 bytes: name, HMAC and AES secrets), which niotls reads too.
  openssl rand 80 >"$OUT/ticket.key"
  client_config "$OUT/client-openssl.cnf" "TLSv$TLS"
  {
    echo "date: $(date -u)"
    echo "git: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "host: $(uname -srm), $CPUS cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "pinning: $PINNING"
    echo "open-file limit: $(ulimit -n)"
    echo "java: $(java -version 2>&1 | sed -n 2p)"
    echo "openssl: $(openssl version)"
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //')"
    echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "handshake client: $HS_CLIENT, $HS_CLIENTS $([ "$HS_CLIENT" = s_time ] && echo processes || echo 'connections in flight') (OpenSSL $(openssl version | cut -d' ' -f2))"
    echo "curl: $(curl --version | head -1 | cut -d' ' -f1-2)"
    echo "socat: $(socat -V 2>/dev/null | sed -n 's/^socat version \([^ ]*\).*/\1/p' | head -1)"
    echo "netty: $(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$BENCH/pom.xml"), tcnative $(sed -n 's:.*<netty.tcnative.version>\(.*\)</netty.tcnative.version>.*:\1:p' "$BENCH/pom.xml") (BoringSSL)"
    echo "profile: TLSv$TLS, $([ "$TLS" = 1.3 ] && echo $CIPHER13 || echo $CIPHER12), X25519, ECDSA P-256 certificate (handshakes: each kind's protocol)"
    echo "niotls: $SAMPLES_JAR; niotls-before: ${BASELINE_JAR:-(no BASELINE_JAR)}; plain-tcp: the samples' plain-server"
    echo "JVM options of every Java server: $JAVA_SERVER_OPTS (plus -Xlog:gc into gc-*.log)"
  } >"$OUT/env.txt"
}

# client_config FILE PROTOCOL [NO_TICKETS]: what every OpenSSL client of the run offers: exactly the run's
# suite and group (servers that follow the client's TLS 1.3 preference, as BoringSSL does, then negotiate the
# same as the others) and, for the session-ID kind, no session ticket extension. P-256 follows X25519 in the
# groups because a TLS 1.2 client checks the server's ECDSA curve against them ("wrong curve" otherwise); the
# key exchange stays X25519 (the servers are given only it; in TLS 1.3 the key share is X25519's).
client_config() {
  cat >"$1" <<EOF
openssl_conf = default_conf
[default_conf]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MinProtocol = $2
MaxProtocol = $2
Ciphersuites = $CIPHER13
CipherString = $CIPHER12
Groups = X25519:P-256
EOF
  [ -z "${3:-}" ] || echo "Options = -SessionTicket" >>"$1"
}

# ---- servers -----------------------------------------------------------------------------------------

SERVER_PID=
SERVER_NAME=
SERVER_JAVA=0

# start_server NAME MODE(http|echo) TAG [TLS_VERSION] [SESSIONS(none|cache|tickets)]: starts it in the
# background, pinned, and waits for its port. TAG names its log files (scenario, kind, repeat).
start_server() {
  local name=$1 mode=$2 tag=$3 version=${4:-$TLS} sessions=${5:-none} port=${PORT[$1]}
  local logfile=$OUT/server-$name-$tag.log
  local tlsargs=(--host 127.0.0.1 --port "$port" --tls "$version" --cert "$OUT/cert.pem" --key "$OUT/key.pem")
  local java_opts=($JAVA_SERVER_OPTS "-Xlog:gc:file=$OUT/gc-$tag-$name.log")
  local cmd jar
  # Another run of this script (another checkout) on the same ports would answer in our server's place.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
    die "port $port is already in use (another bench/run.sh?): pick other ports with BASE_PORT=..."
  SERVER_JAVA=1
  if [[ $name == niotls* ]] && [ "${PROFILING:-}" = window ]; then
    # handshake_profile dumps its measured window alone (JFR.dump begin= end=). The recording runs from the
    # JVM's start: one started by jcmd on the warm JVM made it 15 times slower for the window (its compiled
    # code thrown away, BENCHMARKS.md), so the profile showed the interpreter.
    java_opts+=("-XX:StartFlightRecording=name=window,settings=profile")
  elif [ "$name" = niotls ] && [ -n "${PROFILING:-}" ]; then
    java_opts+=("-XX:StartFlightRecording=filename=$OUT/profile-$tag.jfr,settings=profile")
  fi
  case $name in
    niotls|niotls-before)
      jar=$SAMPLES_JAR
      [ "$name" = niotls-before ] && jar=$BASELINE_JAR
      local command=https-server
      [ "$mode" = echo ] && command=echo-server
      # The handshake timeout is raised as for every server: 15,000 clients queue behind each other.
      cmd=(java "${java_opts[@]}" -jar "$jar" "$command" "${tlsargs[@]}" --loops 1 --handshake-timeout 120s)
      [ "$sessions" = tickets ] && cmd+=(--session-ticket-keys "$OUT/ticket.key")
      # No sessions, as nginx's ssl_session_cache off: a full-handshake run fills no cache. (The baseline jar may
      # predate the flag, so niotls-before keeps its default cache.)
      [ "$sessions" = none ] && [ "$name" = niotls ] && cmd+=(--session-cache 0)
      # --warm-up runs before the server listens: wait_for_port allows for it.
      [ -n "${NIOTLS_WARM_UP:-}" ] && [ "$name" = niotls ] && cmd+=(--warm-up "$NIOTLS_WARM_UP") ;;
    netty-jdk|netty-openssl)
      # Netty keeps its providers' session caches; for the ticket kind BoringSSL gets the run's ticket keys
      # (it issues no tickets without), the JDK issues tickets under keys of its own.
      cmd=(java "${java_opts[@]}" -cp "$BENCH_JAR" dev.niotls.bench.peers.NettyServer --mode "$mode"
           --provider "${name#netty-}" "${tlsargs[@]}")
      [ "$sessions" = tickets ] && cmd+=(--session-ticket-keys "$OUT/ticket.key") ;;
    plain-tcp)
      cmd=(java "${java_opts[@]}" -jar "$SAMPLES_JAR" plain-server --host 127.0.0.1 --port "$port" --loops 1)
      [ "$mode" = echo ] && cmd+=(--echo) ;;
    nginx)
      SERVER_JAVA=0
      local dir=$OUT/nginx-$tag session_lines
      mkdir -p "$dir"
      case $sessions in
        none) session_lines="ssl_session_cache off; ssl_session_tickets off;" ;;
        cache) session_lines="ssl_session_cache shared:niotls_bench:10m; ssl_session_tickets off;" ;;
        tickets) session_lines="ssl_session_cache shared:niotls_bench:10m; ssl_session_tickets on; ssl_session_ticket_key $OUT/ticket.key;" ;;
      esac
      sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@CERT@|$OUT/cert.pem|g" -e "s|@KEY@|$OUT/key.pem|g" \
          -e "s|@PROTOCOL@|TLSv$version|g" -e "s|@CIPHER12@|$CIPHER12|g" -e "s|@CIPHER13@|$CIPHER13|g" \
          -e "s|@SESSIONS@|$session_lines|g" -e "s|@BYTES_ROOT@|${SHM_DIR:-$dir}|g" -e "s|@GROUPS@|${NGINX_GROUPS:-X25519}|g" \
          "$BENCH/nginx.conf.template" >"$dir/nginx.conf"
      cp "$dir/nginx.conf" "$OUT/nginx-$sessions.conf"
      cmd=(nginx -p "$dir" -c "$dir/nginx.conf") ;;
    *) die "unknown server $name" ;;
  esac
  command_line "${SERVER_PIN[*]} ${cmd[*]}"
  "${SERVER_PIN[@]}" "${cmd[@]}" >"$logfile" 2>&1 </dev/null &
  SERVER_PID=$!
  SERVER_NAME=$name
  STARTED_PIDS+=("$SERVER_PID")
  wait_for_port "$port" "$logfile"
}

wait_for_port() {
  local port=$1 logfile=$2 deadline=$((SECONDS + 60 + $WARM_UP_SECONDS))
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; die "$SERVER_NAME exited before listening"; }
    [ $SECONDS -lt $deadline ] || die "$SERVER_NAME did not listen on $port within $((60 + $WARM_UP_SECONDS)) s"
    sleep 0.2
  done
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while kill -0 "$SERVER_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# The TLS servers of a scenario: niotls, niotls-before (with BASELINE_JAR), then the peers given.
tls_servers() {
  local servers=(niotls)
  [ -n "$BASELINE_JAR" ] && servers+=(niotls-before)
  echo "${servers[*]} $*"
}

# Whether this start of niotls is profiled: the scenario asked for with --profile, first repeat.
profiling_for() {
  local scenario=$1 repeat=$2 s
  PROFILING=
  [ "$repeat" = 1 ] || return 0
  for s in "${PROFILE_SCENARIOS[@]}"; do [ "$s" = "$scenario" ] && PROFILING=1; done
  return 0
}

client() { env OPENSSL_CONF="$OUT/client-openssl.cnf" "${CLIENT_PIN[@]}" "$@"; }

# ---- scenarios ---------------------------------------------------------------------------------------

scenario_jmh() {
  local prof=() jfr name
  profiling_for jmh 1
  # No server here: --profile jmh is JMH's own JFR profiler, one recording per benchmark and parameters.
  [ -n "$PROFILING" ] && prof=(-prof "jfr:dir=$OUT/jmh-jfr")
  log "jmh: in-memory benchmarks${JMH_ARGS[*]:+ (${JMH_ARGS[*]})}"
  logged java -jar "$BENCH_JAR" "${JMH_ARGS[@]}" "${prof[@]}" -rf csv -rff "$OUT/jmh.csv" >"$OUT/jmh-raw.txt" 2>&1 ||
    { tail -30 "$OUT/jmh-raw.txt" >&2; die "jmh"; }
  sed -n '/^Benchmark /,$p' "$OUT/jmh-raw.txt" >"$OUT/jmh.txt"
  if [ -n "$PROFILING" ]; then
    while IFS= read -r jfr; do
      name=$(basename "$(dirname "$jfr")" | tr -c 'A-Za-z0-9._=-' '_')
      cp "$jfr" "$OUT/profile-jmh-$name.jfr"
    done < <(find "$OUT/jmh-jfr" -name '*.jfr')
  fi
}

# wrk_run SCENARIO SERVER REPEAT CONNECTIONS: a discarded warm-up, then the measured run; prints requests/s.
wrk_run() {
  local scenario=$1 server=$2 repeat=$3 connections=$4 scheme=https
  [ "$server" = plain-tcp ] && scheme=http
  local url=$scheme://127.0.0.1:${PORT[$server]}/ raw=$OUT/$scenario-$server-r$repeat.txt
  # --timeout 30s: wrk's 2 s default makes a server still busy with the first hundred handshakes (a cold JVM)
  # see every connection time out and retried, and it never catches up; the same for every server.
  client wrk -t1 -c"$connections" -d"${WRK_WARMUP}s" --timeout 30s "$url" >/dev/null 2>&1 || true
  command_line "OPENSSL_CONF=client-openssl.cnf ${CLIENT_PIN[*]} wrk -t1 -c$connections -d${WRK_SECONDS}s --timeout 30s --latency $scheme://127.0.0.1:PORT/"
  client wrk -t1 -c"$connections" -d"${WRK_SECONDS}s" --timeout 30s --latency "$url" >"$raw" 2>&1 || die "wrk against $server"
  # A server that answered nothing is broken or starved: the smoke run (CI) fails on it; a full run goes on
  # and reports the zero, which the report shows as it is.
  if grep -q '^  0 requests in' "$raw"; then
    log "wrk got no response from $server:"; cat "$raw" >&2
    [ "$SMOKE" = 1 ] && return 1
  fi
  awk '/^Requests\/sec:/ {print $2}' "$raw"
}

scenario_keepalive() {
  local repeat server rps
  for repeat in $(seq "$REPEATS"); do
    for server in $(tls_servers netty-jdk netty-openssl nginx) plain-tcp; do
      log "keepalive: $server (repeat $repeat/$REPEATS)"
      profiling_for keepalive "$repeat"
      start_server "$server" http "keepalive-r$repeat"
      rps=$(wrk_run keepalive "$server" "$repeat" "$WRK_CONNECTIONS") || die "keepalive against $server"
      stop_server
      [ -n "$rps" ] || die "no Requests/sec from wrk against $server"
      record keepalive "$server" "$repeat" requests_per_s "$rps" "req/s"
    done
  done
}

# The handshake client (HS_CLIENT): hsclient (bench/src/main/c/hsclient.c, the default) keeps HS_CLIENTS
# connections in flight from one epoll loop, each a fresh SSL, one HTTP/1.0 GET of "/" read to the end, then the
# next; s_time runs HS_CLIENTS openssl s_time processes at once (-new / -reuse). Both offer no session for the
# full kinds and the session of their first connection for the resumed ones, and both count every connection
# as full or resumed (hsclient by SSL_session_reused, s_time by its '*' and 'r' marks): a resumed kind with
# more than 1% full handshakes, or a full kind with any resumed one, fails the run rather than be mislabelled.
# wrk is not used: it keeps each connection's SSL object across reconnects (SSL_clear), so it resumes whenever
# the server lets it (TLS 1.3 tickets too), and "full handshakes" against such a server were resumed ones.
#
# Around the measured window the server's CPU time is read (utime + stime of the process and its children,
# every thread: JIT and GC included), so that each row also says what a handshake cost the server: the rate
# is the server's only when the client is not the limit, the CPU per handshake is the server's in any case.
# Prints: rate client_cpu_pct client_us_per_hs server_us_per_hs server_capacity server_cpu_pct full/resumed
handshake_clients() {
  local kind=$1 server=$2 repeat=$3 reuse=new cnf=$OUT/client-$1.cnf i
  case $kind in tls12-sessionid|tls12-ticket) reuse=reuse ;; esac
  local raw=$OUT/handshakes-$kind-$server-r$repeat start end ticks0 ticks1 resumed full seconds client_cpu
  if [ "$HS_CLIENT" = s_time ]; then
    [[ $repeat == *warmup* ]] || command_line "OPENSSL_CONF=client-$kind.cnf ${CLIENT_PIN[*]} openssl s_time -connect 127.0.0.1:PORT -$reuse -www / -time $HS_SECONDS  (x $HS_CLIENTS at once, after the same for $HS_WARMUP s, discarded)"
  else
    [[ $repeat == *warmup* ]] || command_line "OPENSSL_CONF=client-$kind.cnf ${CLIENT_PIN[*]} hsclient 127.0.0.1 PORT $HS_CLIENTS $HS_SECONDS $reuse  (after warm-up slices of $HS_WARMUP s until steady, discarded)"
  fi
  ticks0=$(cpu_ticks "$SERVER_PID")
  start=$(date +%s%N)
  if [ "$HS_CLIENT" = s_time ]; then
    # A subshell: `times` then reports the user and system time of these clients only.
    (
      for i in $(seq "$HS_CLIENTS"); do
        env OPENSSL_CONF="$cnf" "${CLIENT_PIN[@]}" openssl s_time -connect "127.0.0.1:${PORT[$server]}" -$reuse -www / \
          -time "$HS_SECONDS" >"$raw-c$i.txt" 2>&1 &
      done
      wait
      times >"$raw-times.txt"
    )
  else
    env OPENSSL_CONF="$cnf" "${CLIENT_PIN[@]}" "$HSCLIENT" 127.0.0.1 "${PORT[$server]}" "$HS_CLIENTS" "$HS_SECONDS" $reuse \
      >"$raw.txt" 2>&1 || true
  fi
  end=$(date +%s%N)
  ticks1=$(cpu_ticks "$SERVER_PID")
  seconds=$(awk -v ns=$((end - start)) 'BEGIN {printf "%.3f", ns / 1e9}')
  if [ "$HS_CLIENT" = s_time ]; then
    # s_time's marks are lines of nothing else: '*' a full handshake, 'r' a resumed one.
    resumed=$(cat "$raw"-c*.txt | grep -E '^[*rt3]+$' | tr -cd 'r' | wc -c || true)
    full=$(cat "$raw"-c*.txt | grep -E '^[*rt3]+$' | tr -cd '*' | wc -c || true)
    # bash's `times`, second line: user and system time of the finished children (the clients).
    client_cpu=$(awk 'NR == 2 {u = $1; s = $2; sub(/m/, " ", u); sub(/m/, " ", s); split(u, a, " "); split(s, b, " ");
                      printf "%.3f", a[1] * 60 + a[2] + b[1] * 60 + b[2]}' "$raw-times.txt")
  else
    local result
    result=$(grep '^RESULT' "$raw.txt") || { [[ $repeat == *warmup* ]] && return 0; cat "$raw.txt" >&2; die "handshakes $kind against $server: hsclient printed no RESULT (see $raw.txt)"; }
    full=$(sed -n 's/.* full=\([0-9]*\).*/\1/p' <<<"$result")
    resumed=$(sed -n 's/.* resumed=\([0-9]*\).*/\1/p' <<<"$result")
    # hsclient times its own window (connections in flight at its end are not counted): its figures, not ours.
    seconds=$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$result")
    client_cpu=$(sed -n 's/.* cpu_s=\([0-9.]*\).*/\1/p' <<<"$result")
    local errors
    errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$result")
    [[ $repeat == *warmup* ]] || [ "$errors" = 0 ] ||
      note "handshakes $kind against $server (repeat $repeat): $errors connections failed, not counted ($(grep -m1 "^hsclient:" "$raw.txt" || true))"
  fi
  local count=$full
  [ "$reuse" = reuse ] && count=$resumed
  # A warm-up slice is not checked: a cold JVM on a busy machine may finish no handshake in it.
  if [[ $repeat == *warmup* ]]; then
    [ "$count" -gt 0 ] || { echo "0 0 0 0 0 0 0/0"; return 0; }
  fi
  if [[ $repeat != *warmup* ]] && [ $((resumed + full)) -eq 0 ]; then
    cat "$raw"*.txt >&2
    die "handshakes $kind against $server: no connection completed"
  fi
  if [[ $repeat != *warmup* ]] && [ "$reuse" = reuse ] && [ $((full * 100)) -gt $((resumed + full)) ]; then
    die "handshakes $kind against $server: $full of $((resumed + full)) connections were full handshakes, not resumed"
  fi
  if [[ $repeat != *warmup* ]] && [ "$reuse" = new ] && [ "$resumed" -gt 0 ]; then
    die "handshakes $kind against $server: $resumed of $((resumed + full)) connections were resumed, not full handshakes"
  fi
  # The server's ticks span our own window, a little wider than hsclient's (its start-up and the in-flight
  # connections at its end): charged to the counted handshakes, which errs against the server by under 1%.
  awk -v c="$count" -v s="$seconds" -v cc="$client_cpu" -v t="$((ticks1 - ticks0))" -v hz="$CLK_TCK" \
      -v w="$(awk -v ns=$((end - start)) 'BEGIN {print ns / 1e9}')" -v fr="$full/$resumed" 'BEGIN {
    cpu = t / hz
    printf "%.1f %.0f %.0f %.0f %.0f %.0f %s\n", c / s, cc / s * 100, cc / c * 1e6, cpu / c * 1e6,
      (cpu > 0 ? c / cpu : 0), cpu / w * 100, fr }'
}

# handshake_warmup KIND SERVER REPEAT: warms the server until its CPU per handshake is steady, and prints the
# seconds that took. A JVM's JIT compiles Bouncy Castle's field arithmetic and the handshake path for 20 to 50 s
# of handshakes at this rate: measured after a fixed 3 s, niotls cost 1,415 us per TLS 1.3 handshake, warm 440 to
# 620 us (2026-12-06), so a short warm-up measured the compiler, not the server. Every server gets the same rule:
# slices of HS_WARMUP s, at least HS_WARMUP_MIN s, until the last three slices cost the server within
# HS_WARMUP_TOLERANCE percent of each other and are not still sliding down (each below the one before, by more
# than half the tolerance in all), HS_WARMUP_MAX s at most (then the run notes that it never settled). The
# first rule (three within the tolerance of the first of them, 15 s at least) called a JVM warm at 20 s while
# it still went 1,520, 1,423, 1,369 us and later reached 440. Each slice's rate and server CPU per handshake is
# kept in warmup-KIND-SERVER-rREPEAT.txt.
handshake_warmup() {
  local kind=$1 server=$2 repeat=$3 slice=0 line us elapsed=0 older=0 old=0
  local log=$OUT/warmup-$kind-$server-r$repeat.txt
  echo "# slice seconds handshakes/s server_us_per_handshake" >"$log"
  while [ "$elapsed" -lt "$HS_WARMUP_MAX" ]; do
    slice=$((slice + 1))
    elapsed=$((elapsed + HS_WARMUP))
    line=$(HS_SECONDS=$HS_WARMUP handshake_clients "$kind" "$server" "$repeat-warmup$slice")
    line=${line:-0 0 0 0}
    us=$(awk '{print $4}' <<<"$line")
    echo "$slice $elapsed $(awk '{print $1}' <<<"$line") $us" >>"$log"
    # The first slice of a fresh server is what a reconnect storm right after a deploy meets.
    [ "$slice" = 1 ] && [ "$repeat" != profile ] &&
      record handshakes "$server" "$repeat" "cold_per_s@$kind" "$(awk '{print $1}' <<<"$line")" "handshakes/s in the first $HS_WARMUP s of a fresh server"
    if [ "$elapsed" -ge "$HS_WARMUP_MIN" ] && warm_slices "$older" "$old" "$us"; then
      echo "$elapsed"
      return 0
    fi
    older=$old
    old=$us
  done
  [ "$SMOKE" = 1 ] || note "handshakes $kind against $server (repeat $repeat): server CPU per handshake still moved by more than $HS_WARMUP_TOLERANCE% after $HS_WARMUP_MAX s of warm-up"
  echo "$elapsed"
}

# warm_slices A B C: whether three slices' server us per handshake (oldest first) say "warm" (see above).
warm_slices() {
  awk -v a="$1" -v b="$2" -v c="$3" -v t="$HS_WARMUP_TOLERANCE" 'BEGIN {
    if (a <= 0 || b <= 0 || c <= 0) exit 1
    max = a; if (b > max) max = b; if (c > max) max = c
    min = a; if (b < min) min = b; if (c < min) min = c
    sliding = a > b && b > c && a * 100 > c * (100 + t / 2)
    exit !(max * 100 <= min * (100 + t) && !sliding) }'
}

# CPU time of a process, its threads and its children (nginx's worker), in clock ticks: /proc/PID/stat's
# utime and stime (fields 14 and 15; counted after the ")" of the name, which may hold spaces).
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() {
  local pid=$1 total child
  total=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')
  total=${total:-0}
  for child in $(pgrep -P "$pid" || true); do
    total=$((total + $(cpu_ticks "$child")))
  done
  echo "$total"
}

# One s_client pair before a resumed kind is measured: the second connection must resume the first's session,
# and for the ticket kind the server must have sent a ticket (else a "ticket" row would be session IDs).
handshake_probe() {
  local kind=$1 server=$2 cnf=$OUT/client-$1.cnf sess=$OUT/probe-$1-$2.pem out=$OUT/probe-$1-$2.txt
  env OPENSSL_CONF="$cnf" openssl s_client -connect "127.0.0.1:${PORT[$server]}" -sess_out "$sess" </dev/null >"$out" 2>&1 || true
  env OPENSSL_CONF="$cnf" openssl s_client -connect "127.0.0.1:${PORT[$server]}" -sess_in "$sess" </dev/null >>"$out" 2>&1 || true
  grep -q '^Reused, ' "$out" || die "handshakes $kind: $server did not resume a session (s_client -sess_out/-sess_in, see $out)"
  if [ "$kind" = tls12-ticket ]; then
    grep -q 'TLS session ticket:' "$out" || die "handshakes $kind: $server sent no session ticket (see $out)"
  else
    ! grep -q 'TLS session ticket:' "$out" || die "handshakes $kind: $server resumed with a ticket, not the session ID (see $out)"
  fi
}

scenario_handshakes() {
  local kind repeat server version sessions line servers warmed
  client_config "$OUT/client-tls13-full.cnf" TLSv1.3
  client_config "$OUT/client-tls12-full.cnf" TLSv1.2
  client_config "$OUT/client-tls12-sessionid.cnf" TLSv1.2 no-tickets
  client_config "$OUT/client-tls12-ticket.cnf" TLSv1.2
  for kind in $HS_KINDS; do
    version=${kind:3:1}.${kind:4:1}
    case $kind in
      *-full) sessions=none ;;
      tls12-sessionid) sessions=cache ;;
      tls12-ticket) sessions=tickets ;;
    esac
    servers=$(tls_servers $HS_PEERS)
    if [ "$kind" = tls12-ticket ]; then
      samples_has_flag "$SAMPLES_JAR" --session-ticket-keys ||
        die "handshakes tls12-ticket: $SAMPLES_JAR has no --session-ticket-keys (TLS 1.2 session tickets, issue 11): build samples from a tree that has it, or leave the kind out: HS_KINDS='tls13-full tls12-full tls12-sessionid'"
      if [ -n "$BASELINE_JAR" ] && ! samples_has_flag "$BASELINE_JAR" --session-ticket-keys; then
        servers=${servers/niotls-before /}
        note "handshakes tls12-ticket: niotls-before left out: $BASELINE_JAR has no --session-ticket-keys (no TLS 1.2 tickets in that build)"
      fi
    fi
    for repeat in $(seq "$REPEATS"); do
      for server in $servers; do
        log "handshakes: $kind, $server (repeat $repeat/$REPEATS)"
        PROFILING=
        start_server "$server" http "handshakes-$kind-r$repeat" "$version" "$sessions"
        [ $sessions = none ] || handshake_probe "$kind" "$server"
        # A discarded warm-up, as for wrk: a cold JVM's first seconds of handshakes say little.
        warmed=$(handshake_warmup "$kind" "$server" "$repeat")
        line=$(handshake_clients "$kind" "$server" "$repeat")
        stop_server
        record_handshakes "$kind" "$server" "$repeat" "$line"
        record handshakes "$server" "$repeat" "warmup_s@$kind" "$warmed" "s of warm-up until steady"
      done
    done
    profiling_for handshakes 1
    if [ -n "$PROFILING" ]; then
      for server in $servers; do
        [[ $server == niotls* ]] && handshake_profile "$kind" "$server" "$version" "$sessions"
      done
    fi
  done
  if [ "$HS_CLIENT" = s_time ]; then
    note "handshakes: client $HS_CLIENTS openssl s_time processes at once, $HS_SECONDS s each; every connection counted by s_time's own mark ('*' full, 'r' resumed)"
  else
    note "handshakes: client hsclient (bench/src/main/c/hsclient.c: one process, epoll, OpenSSL $(openssl version | cut -d' ' -f2)), $HS_CLIENTS connections in flight, $HS_SECONDS s; every connection counted by SSL_session_reused as full or resumed"
  fi
  note "handshakes: server CPU is the server process's utime + stime (every thread and child: JIT, GC, nginx's worker) over the measured window, from /proc/PID/stat; server CPU per handshake and handshakes per server CPU second hold whatever the client's speed; the rate is the server's own only when the client CPU is below about 90%"
}

# record_handshakes KIND SERVER REPEAT LINE: handshake_clients's figures into results.tsv.
record_handshakes() {
  local kind=$1 server=$2 repeat=$3 fields
  read -r -a fields <<<"$4"
  record handshakes "$server" "$repeat" "${kind}_per_s" "${fields[0]}" "handshakes/s ($kind)"
  record handshakes "$server" "$repeat" "client_cpu_pct@$kind" "${fields[1]}" "% of the client CPU"
  record handshakes "$server" "$repeat" "client_us@$kind" "${fields[2]}" "us of client CPU per handshake"
  record handshakes "$server" "$repeat" "server_us@$kind" "${fields[3]}" "us of server CPU per handshake"
  record handshakes "$server" "$repeat" "capacity@$kind" "${fields[4]}" "handshakes per server CPU second"
  record handshakes "$server" "$repeat" "server_cpu_pct@$kind" "${fields[5]}" "% of the server CPU"
}

# One more run of a niotls server, not recorded, with a JFR recording (settings=profile: CPU samples and
# allocation samples) over the measured window only (jcmd JFR.start after the warm-up, JFR.stop after the
# clients), then its top frames in profile-handshakes-KIND-SERVER.txt beside the .jfr.
handshake_profile() {
  local kind=$1 server=$2 version=$3 sessions=$4 jfr=$OUT/profile-handshakes-$1-$2.jfr line
  # Recorded from the JVM's start (start_server's PROFILING=window); only the measured window is dumped.
  local PROFILING=window begin end
  log "handshakes: $kind, $server (JFR profile, not recorded)"
  start_server "$server" http "handshakes-$kind-profile" "$version" "$sessions"
  [ $sessions = none ] || handshake_probe "$kind" "$server"
  local warmed
  warmed=$(handshake_warmup "$kind" "$server" profile)
  command_line "java -XX:StartFlightRecording=name=window,settings=profile ...; (warm-up; the client); jcmd PID JFR.dump name=window begin=START end=END filename=profile-handshakes-KIND-SERVER.jfr  (--profile handshakes: one more niotls run per kind, not recorded)"
  begin=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  line=$(handshake_clients "$kind" "$server" "profile")
  end=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  "${CLIENT_PIN[@]}" jcmd "$SERVER_PID" JFR.dump name=window begin="$begin" end="$end" filename="$jfr" \
    >"$OUT/jcmd-$kind-$server.txt" 2>&1 || { cat "$OUT/jcmd-$kind-$server.txt" >&2; die "jcmd JFR.dump in $server"; }
  stop_server
  local fields
  read -r -a fields <<<"$line"
  java -cp "$BENCH_JAR" dev.niotls.bench.report.ProfileText "$jfr" "${fields[0]}" "$HS_SECONDS" \
    "$server, handshakes $kind, the measured window of an extra run ($HS_CLIENT, $HS_CLIENTS connections, $HS_SECONDS s after $warmed s of warm-up): ${fields[0]} handshakes/s, ${fields[3]} us of server CPU per handshake under JFR" \
    >"${jfr%.jfr}.txt" || die "no top frames from $jfr"
  log "handshakes: top frames of $server in ${jfr%.jfr}.txt"
}

# GET /bytes/BULK_BYTES over one keep-alive connection, read by curl -o /dev/null (plain TCP: http://). nginx
# is read a second time by socat, another OpenSSL client: the client's own ceiling in this run.
scenario_bulk() {
  local repeat server
  SHM_DIR=$(mktemp -d /dev/shm/niotls-bench.XXXXXX)
  mkdir -p "$SHM_DIR/bytes"
  head -c "$BULK_BYTES" /dev/zero | tr '\0' 'x' >"$SHM_DIR/bytes/$BULK_BYTES"
  chmod -R a+rX "$SHM_DIR" # nginx's worker runs as another user
  local servers
  servers=$(tls_servers netty-jdk netty-openssl nginx)
  # A baseline from before GET /bytes/N (its --help says so) has no bulk body; its stream-server is read by
  # another client, so no row would compare.
  if [ -n "$BASELINE_JAR" ] && ! samples_has_flag "$BASELINE_JAR" "/bytes/N"; then
    servers=${servers/niotls-before /}
    note "bulk: niotls-before left out: its https-server has no GET /bytes/N"
  fi
  [ "$BULK_WARMUP" -gt 0 ] && note "bulk: every server is read $BULK_WARMUP times first, not counted (warm JVMs)"
  for repeat in $(seq "$REPEATS"); do
    for server in $servers plain-tcp; do
      log "bulk: $server, $BULK_BYTES bytes (repeat $repeat/$REPEATS)"
      profiling_for bulk "$repeat"
      # socat 1.7's OpenSSL client offers P-256 only (it sets its context's curve), so the bulk's nginx takes
      # P-256 after X25519: one key exchange per transfer, nothing next to a transfer's cost.
      NGINX_GROUPS=X25519:prime256v1 start_server "$server" http "bulk-r$repeat"
      bulk_warmup "$server"
      bulk_curl "$server" "$repeat"
      [ "$server" = nginx ] && bulk_socat "$repeat"
      stop_server
    done
  done
  rm -rf "$SHM_DIR"
  SHM_DIR=
}

# bulk_transfer SERVER LABEL REPEAT COMMAND...: times the client (wall, user, system), checks the byte count.
bulk_transfer() {
  local server=$1 label=$2 repeat=$3
  shift 3
  local raw=$OUT/bulk-$label-r$repeat.txt TIMEFORMAT='%R %U %S' bytes timing
  { time "$@" >"$raw" 2>&1; } 2>"$raw.time" || { cat "$raw" >&2; die "bulk from $label"; }
  bytes=$(awk 'END {print $1}' "$raw")
  timing=$(cat "$raw.time")
  [ "$bytes" = "$BULK_BYTES" ] || { cat "$raw" >&2; die "bulk from $label: received $bytes of $BULK_BYTES bytes"; }
  record bulk "$label" "$repeat" mb_per_s "$(awk -v b="$bytes" -v t="${timing%% *}" 'BEGIN {printf "%.1f", b / 1e6 / t}')" "MB/s (10^6 B/s)"
  record bulk-client "$label" "$repeat" cpu_pct "$(awk -v t="$timing" 'BEGIN {split(t, a, " "); printf "%.0f", (a[2] + a[3]) / a[1] * 100}')" "% of the client CPU"
}

# bulk_url SERVER: the URL of the bulk body on SERVER.
bulk_url() {
  if [ "$1" = plain-tcp ]; then
    echo "http://127.0.0.1:${PORT[$1]}/bytes/$BULK_BYTES"
  else
    echo "https://127.0.0.1:${PORT[$1]}/bytes/$BULK_BYTES"
  fi
}

# bulk_warmup SERVER: BULK_WARMUP transfers, not counted. A fresh JVM reads its first GiB at a third of its warm
# speed or less (niotls: 254 MB/s, then 650 to 1,000; BENCHMARKS.md, "Session 6"): the JIT, not the server.
bulk_warmup() {
  local server=$1 url i
  url=$(bulk_url "$server")
  for i in $(seq "$BULK_WARMUP"); do
    client curl -s -S --cacert "$OUT/cert.pem" -o /dev/null "$url" || die "bulk warm-up from $server"
  done
}

bulk_curl() {
  local server=$1 repeat=$2 url
  url=$(bulk_url "$server")
  command_line "OPENSSL_CONF=client-openssl.cnf ${CLIENT_PIN[*]} curl -s -S --cacert cert.pem -o /dev/null -w '%{size_download}' $url"
  bulk_transfer "$server" "$server" "$repeat" \
    client curl -s -S --cacert "$OUT/cert.pem" -o /dev/null -w '%{size_download}\n' "$url"
}

bulk_socat() {
  local repeat=$1 port=${PORT[nginx]} head_bytes
  local address="OPENSSL:127.0.0.1:$port,cafile=$OUT/cert.pem"
  local get="GET /bytes/$BULK_BYTES HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
  # socat hands over the response head too: its length (that of HEAD's answer) is taken off the count.
  head_bytes=$(printf "${get/GET/HEAD}" | client socat - "$address" | wc -c) || die "socat could not HEAD nginx"
  [ "$head_bytes" -gt 0 ] || die "socat got no response head from nginx"
  # -t 600: socat's default stops reading 0.5 s after its stdin (the request) ended, mid-body.
  command_line "printf '$get' | OPENSSL_CONF=client-openssl.cnf ${CLIENT_PIN[*]} socat -t 600 -b 262144 - OPENSSL:127.0.0.1:$port,cafile=cert.pem | wc -c  (minus the $head_bytes bytes of the head)"
  bulk_transfer nginx nginx-socat "$repeat" bash -c "printf '$get' | OPENSSL_CONF='$OUT/client-openssl.cnf' ${CLIENT_PIN[*]} socat -t 600 -b 262144 - '$address' | wc -c | awk '{print \$1 - $head_bytes}'"
}

loadgen_cmd() {
  LOADGEN=("${CLIENT_PIN[@]}" java -Xmx2g -XX:+UseG1GC -cp "$BENCH_JAR" dev.niotls.bench.loadgen.LoadGen --host 127.0.0.1 --tls "$TLS" --cacert "$OUT/cert.pem" "$@")
  command_line "${LOADGEN[*]}"
}

# record_latency SCENARIO SERVER REPEAT RATE RAW: the RESULT line's fields into results.tsv.
record_latency() {
  local scenario=$1 server=$2 repeat=$3 rate=$4 raw=$5 line field
  line=$(grep '^RESULT' "$raw") || die "no RESULT from loadgen against $server (see $raw)"
  for field in achieved p50_us p90_us p99_us p999_us max_us incomplete errors; do
    record "$scenario" "$server" "$repeat" "$field@$rate" "$(sed -n "s/.* $field=\([0-9.]*\).*/\1/p" <<<"$line")" \
      "$([ "$field" = achieved ] && echo req/s || { [[ $field == *_us ]] && echo us || echo requests; })"
  done
}

scenario_latency() {
  local repeat server rate raw
  for repeat in $(seq "$LATENCY_REPEATS"); do
    for server in $(tls_servers netty-jdk netty-openssl); do
      profiling_for latency "$repeat"
      start_server "$server" echo "latency-r$repeat"
      # The warm-up rate: JIT, connection set-up and the first GCs happen here, not in the first measured rate.
      log "latency: $server warm-up at $LAT_WARMUP_RATE req/s (repeat $repeat/$LATENCY_REPEATS)"
      loadgen_cmd --mode echo --port "${PORT[$server]}" --connections "$LAT_CONNECTIONS" --rate "$LAT_WARMUP_RATE" \
        --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" --size 64
      "${LOADGEN[@]}" >"$OUT/latency-$server-warmup-r$repeat.txt" 2>&1 || die "loadgen warm-up against $server"
      for rate in $LAT_RATES; do
        log "latency: $server at $rate req/s, $LAT_CONNECTIONS connections (repeat $repeat/$LATENCY_REPEATS)"
        raw=$OUT/latency-$server-$rate-r$repeat.txt
        loadgen_cmd --mode echo --port "${PORT[$server]}" --connections "$LAT_CONNECTIONS" --rate "$rate" \
          --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" --size 64 --hgrm "$OUT/latency-$server-$rate-r$repeat.hgrm"
        "${LOADGEN[@]}" >"$raw" 2>"$raw.progress" || die "loadgen against $server"
        record_latency latency "$server" "$repeat" "$rate" "$raw"
      done
      stop_server
    done
  done
}

heap_used_kb() {
  jcmd "$1" GC.run >/dev/null 2>&1
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); gsub(/[K,]/, "", v); print v; exit}}'
}

# RSS of a process and its children (nginx's worker), in KiB.
rss_kb() {
  local pids total=0 pid
  pids="$1 $(pgrep -P "$1" || true)"
  for pid in $pids; do
    total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo $total
}

# start_loadgen_held RAW ARGS...: loadgen in the background; returns once it printed READY_WORD (or dies).
wait_for_line() {
  local pid=$1 raw=$2 word=$3 what=$4 deadline=$((SECONDS + 900))
  until grep -q "$word" "$raw" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$raw" >&2; die "$what ended early"; }
    [ $SECONDS -lt $deadline ] || die "$what: no $word in 900 s"
    sleep 0.5
  done
}

# CONN_TOTAL TLS connections from one loadgen process, the first CONN_ACTIVE of them sending CONN_RATE echo
# requests/s in all; then, the connections still open, the server's heap after a full GC and its RSS.
scenario_connections() {
  local server raw gen_pid heap0 rss0 heap1 rss1
  for server in $(tls_servers netty-jdk netty-openssl); do
    log "connections: $server, $CONN_TOTAL connections, $CONN_ACTIVE sending $CONN_RATE req/s"
    profiling_for connections 1
    start_server "$server" echo "connections"
    sleep 1
    heap0=$(heap_used_kb "$SERVER_PID")
    rss0=$(rss_kb "$SERVER_PID")
    raw=$OUT/connections-$server.txt
    loadgen_cmd --mode echo --port "${PORT[$server]}" --connections "$CONN_TOTAL" --active "$CONN_ACTIVE" \
      --rate "$CONN_RATE" --duration "$CONN_SECONDS" --warmup "$CONN_WARMUP" --size 64 --connect-timeout 600 --hold 600 \
      --hgrm "$OUT/connections-$server.hgrm"
    "${LOADGEN[@]}" >"$raw" 2>"$raw.progress" &
    gen_pid=$!
    STARTED_PIDS+=("$gen_pid")
    wait_for_line "$gen_pid" "$raw" HOLDING "loadgen against $server"
    heap1=$(heap_used_kb "$SERVER_PID")
    rss1=$(rss_kb "$SERVER_PID")
    command_line "then, the connections still open: jcmd PID GC.run; jcmd PID GC.heap_info (used); VmRSS"
    kill -TERM "$gen_pid" 2>/dev/null || true
    wait "$gen_pid" 2>/dev/null || true
    stop_server
    record_latency connections "$server" 1 "$CONN_RATE" "$raw"
    record connections "$server" 1 heap_after_gc_mb "$(awk -v k="$heap1" 'BEGIN {printf "%.1f", k / 1024}')" "MiB, heap after a full GC with the connections open"
    record connections "$server" 1 rss_mb "$(awk -v k="$rss1" 'BEGIN {printf "%.1f", k / 1024}')" "MiB, RSS with the connections open"
    record connections "$server" 1 heap_per_conn_bytes "$(( (heap1 - heap0) * 1024 / CONN_TOTAL ))" "bytes"
    record connections "$server" 1 rss_per_conn_bytes "$(( (rss1 - rss0) * 1024 / CONN_TOTAL ))" "bytes"
  done
}

scenario_idle_memory() {
  local server java heap0 heap1 rss0 rss1 gen_pid raw
  for server in $(tls_servers netty-jdk netty-openssl nginx); do
    log "idle-memory: $server, $IDLE_CONNECTIONS idle TLS connections"
    profiling_for idle-memory 1
    start_server "$server" http "idle-memory"
    java=$SERVER_JAVA
    sleep 1
    [ "$java" = 1 ] && heap0=$(heap_used_kb "$SERVER_PID")
    rss0=$(rss_kb "$SERVER_PID")
    raw=$OUT/idle-$server.txt
    loadgen_cmd --mode idle --port "${PORT[$server]}" --connections "$IDLE_CONNECTIONS" --hold 600 --connect-timeout 500
    "${LOADGEN[@]}" >"$raw" 2>"$raw.progress" &
    gen_pid=$!
    STARTED_PIDS+=("$gen_pid")
    wait_for_line "$gen_pid" "$raw" IDLE_READY "idle clients against $server"
    sleep 2
    [ "$java" = 1 ] && heap1=$(heap_used_kb "$SERVER_PID")
    rss1=$(rss_kb "$SERVER_PID")
    command_line "jcmd PID GC.run; jcmd PID GC.heap_info (used); VmRSS of the server and its children, before and after"
    kill -TERM "$gen_pid" 2>/dev/null || true
    wait "$gen_pid" 2>/dev/null || true
    stop_server
    if [ "$java" = 1 ]; then
      record idle-memory "$server" 1 heap_per_conn_bytes "$(( (heap1 - heap0) * 1024 / IDLE_CONNECTIONS ))" "bytes"
    fi
    record idle-memory "$server" 1 rss_per_conn_bytes "$(( (rss1 - rss0) * 1024 / IDLE_CONNECTIONS ))" "bytes"
  done
}

# ---- main --------------------------------------------------------------------------------------------

install_missing
build
[[ " ${SCENARIOS[*]} " == *" handshakes "* ]] && [ "$HS_CLIENT" = hsclient ] && build_hsclient
raise_fd_limit
prepare
log "results: $OUT (pinning: $PINNING)"
for scenario in "${SCENARIOS[@]}"; do
  case $scenario in
    jmh) scenario_jmh ;;
    keepalive) scenario_keepalive ;;
    handshakes) scenario_handshakes ;;
    bulk) scenario_bulk ;;
    latency) scenario_latency ;;
    connections) scenario_connections ;;
    idle-memory) scenario_idle_memory ;;
  esac
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/env.txt"
java -cp "$BENCH_JAR" dev.niotls.bench.report.Report "$OUT"
log "done: $OUT/report.md"
