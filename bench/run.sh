#!/usr/bin/env bash
# niotls side by side with Netty (JDK and BoringSSL), nginx and plain TCP (issue 6).
#
#   bench/run.sh [--smoke] [scenario...]
#
# Scenarios (default: all, in this order): jmh keepalive handshakes bulk latency idle-memory
# Each server is started in turn on 127.0.0.1, driven by the same client, and stopped. Everything lands in
# bench/results/<UTC timestamp>/: report.md (medians, spreads, ratios niotls / peer, targets), results.tsv,
# the raw output of every command, .hgrm histograms and latency-RATE.svg plots.
#
# --smoke (or SMOKE=1): a few seconds per scenario and small counts, to prove the runner works (CI).
# Environment: TLS=1.3|1.2 (default 1.3), REPEATS (3; smoke 1), NIOTLS_SERVER=auto|samples|bench (auto: the
# samples jar when it has been built, else the bench's own server), NIOTLS_CRYPTO=jdk|bc|hybrid (bench
# server only), BASE_PORT (9440), TARGET (Maven build directory name, default target), LAT_RATES,
# LAT_CONNECTIONS, LATENCY_REPEATS, IDLE_CONNECTIONS, BULK_BYTES, KEEPALIVE_SECONDS, JAVA_SERVER_OPTS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
SMOKE=${SMOKE:-0}
SCENARIOS=()
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    jmh|keepalive|handshakes|bulk|latency|idle-memory) SCENARIOS+=("$arg") ;;
    *) echo "run.sh: unknown scenario or flag '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(jmh keepalive handshakes bulk latency idle-memory)

TLS=${TLS:-1.3}
TARGET=${TARGET:-target}
BASE_PORT=${BASE_PORT:-9440}
JAVA_SERVER_OPTS=${JAVA_SERVER_OPTS:--Xms256m -Xmx2g}
if [ "$SMOKE" = 1 ]; then
  REPEATS=${REPEATS:-1}
  WRK_SECONDS=${KEEPALIVE_SECONDS:-2}; WRK_WARMUP=2; WRK_CONNECTIONS=10; HS_CONNECTIONS=5
  BULK_BYTES=${BULK_BYTES:-$((64 << 20))}
  LAT_RATES=${LAT_RATES:-500}; LAT_CONNECTIONS=${LAT_CONNECTIONS:-20}; LAT_SECONDS=2; LAT_WARMUP=1
  IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-100}
  JMH_ARGS=(-f 1 -wi 0 -i 1 -r 200ms -p size=1024 -p backend=HYBRID -p profile=TLS13)
else
  REPEATS=${REPEATS:-3}
  WRK_SECONDS=${KEEPALIVE_SECONDS:-10}; WRK_WARMUP=8; WRK_CONNECTIONS=100; HS_CONNECTIONS=50
  BULK_BYTES=${BULK_BYTES:-$((1 << 30))}
  LAT_RATES=${LAT_RATES:-10000 20000 40000}; LAT_CONNECTIONS=${LAT_CONNECTIONS:-1000}; LAT_SECONDS=10; LAT_WARMUP=5
  IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-15000}
  JMH_ARGS=()
fi

case $TLS in
  1.3) PROFILE_PROTOCOL=TLSv1.3 ;;
  1.2) PROFILE_PROTOCOL=TLSv1.2 ;;
  *) echo "run.sh: TLS must be 1.2 or 1.3" >&2; exit 2 ;;
esac
CIPHER13=TLS_AES_128_GCM_SHA256
CIPHER12=ECDHE-ECDSA-AES128-GCM-SHA256

declare -A PORT=([niotls]=$((BASE_PORT + 1)) [netty-jdk]=$((BASE_PORT + 2)) [netty-openssl]=$((BASE_PORT + 3))
                 [nginx]=$((BASE_PORT + 4)) [plain-tcp]=$((BASE_PORT + 6)))

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---- tools -------------------------------------------------------------------------------------------

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v jcmd >/dev/null || missing+=(openjdk-17-jdk-headless)
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

# Builds the bench jar (and the samples jar, which may not exist yet) when missing or older than a source.
build() {
  local stale=0
  [ -f "$BENCH_JAR" ] || stale=1
  if [ $stale = 0 ] && [ -n "$(find "$ROOT"/{reactor,tls,bench}/src "$BENCH/pom.xml" -newer "$BENCH_JAR" -type f 2>/dev/null | head -1)" ]; then
    stale=1
  fi
  if [ $stale = 1 ]; then
    log "building bench (mvn -Dniotls.target=$TARGET -pl bench -am package)"
    (cd "$ROOT" && mvn -B -q -o -DskipTests -Dniotls.target="$TARGET" -pl bench -am package 2>&1 ||
      mvn -B -q -DskipTests -Dniotls.target="$TARGET" -pl bench -am package 2>&1) | tail -20
    [ -f "$BENCH_JAR" ] || die "no $BENCH_JAR after the build"
  fi
  if [ "${NIOTLS_SERVER:-auto}" != bench ] && [ -d "$ROOT/samples/src/main/java" ] &&
     { [ ! -f "$SAMPLES_JAR" ] || [ -n "$(find "$ROOT"/samples/src -newer "$SAMPLES_JAR" -type f | head -1)" ]; }; then
    log "building samples"
    (cd "$ROOT" && mvn -B -q -o -DskipTests -Dniotls.target="$TARGET" -pl samples -am package 2>&1 | tail -20) ||
      log "samples did not build: the bench's own niotls server stands in"
  fi
}

niotls_impl() {
  case ${NIOTLS_SERVER:-auto} in
    samples) [ -f "$SAMPLES_JAR" ] || die "NIOTLS_SERVER=samples but $SAMPLES_JAR does not exist"; echo samples ;;
    bench) echo bench ;;
    auto) if [ -f "$SAMPLES_JAR" ]; then echo samples; else echo bench; fi ;;
    *) die "NIOTLS_SERVER must be auto, samples or bench" ;;
  esac
}

# ---- run directory -----------------------------------------------------------------------------------

OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)$([ "$SMOKE" = 1 ] && echo -smoke || true)
RESULTS=$OUT/results.tsv
STARTED_PIDS=()

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 143' INT TERM

record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }
# Runs a command, noting it in commands.txt (the report prints them: no number without its command).
logged() { printf '%s\n' "$*" >>"$OUT/commands.txt"; "$@"; }

prepare() {
  mkdir -p "$OUT"
  : >"$RESULTS"
  printf '# bench/run.sh %s  (TLS=%s REPEATS=%s, niotls server: %s)\n' "${ORIGINAL_ARGS:-}" "$TLS" "$REPEATS" \
    "$(niotls_impl)" >"$OUT/commands.txt"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/key.pem" \
    -out "$OUT/cert.pem" -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 7 2>/dev/null
  # The clients (wrk, s_client) offer exactly the run's suite and group, so that servers which follow the
  # client's preference (BoringSSL in TLS 1.3) negotiate the same as the others.
  cat >"$OUT/client-openssl.cnf" <<EOF
openssl_conf = default_conf
[default_conf]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MinProtocol = $PROFILE_PROTOCOL
MaxProtocol = $PROFILE_PROTOCOL
Ciphersuites = $CIPHER13
CipherString = $CIPHER12
Groups = X25519
EOF
  {
    echo "date: $(date -u)"
    echo "git: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "host: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $(java -version 2>&1 | sed -n 2p)"
    echo "openssl: $(openssl version)"
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //')"
    echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "netty: $(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$BENCH/pom.xml"), tcnative $(sed -n 's:.*<netty.tcnative.version>\(.*\)</netty.tcnative.version>.*:\1:p' "$BENCH/pom.xml") (BoringSSL)"
    echo "profile: $PROFILE_PROTOCOL, $([ "$TLS" = 1.3 ] && echo $CIPHER13 || echo $CIPHER12), X25519, ECDSA P-256 certificate"
    echo "niotls server: $(niotls_impl), JVM options for every Java server: $JAVA_SERVER_OPTS"
  } >"$OUT/env.txt"
}

# ---- servers -----------------------------------------------------------------------------------------

SERVER_PID=
SERVER_NAME=

# start_server NAME MODE(http|echo|stream): starts it in the background and waits for its port.
start_server() {
  local name=$1 mode=$2 port=${PORT[$1]} logfile=$OUT/server-$1-$2.log
  local tlsargs=(--host 127.0.0.1 --port "$port" --tls "$TLS" --cert "$OUT/cert.pem" --key "$OUT/key.pem")
  local cmd
  case $name in
    niotls)
      if [ "$(niotls_impl)" = samples ]; then
        local command=https-server
        [ "$mode" = echo ] && command=echo-server
        [ "$mode" = stream ] && command=stream-server
        # The handshake timeout is raised as for every server: 15,000 idle clients queue behind each other.
        cmd=(java $JAVA_SERVER_OPTS -jar "$SAMPLES_JAR" "$command" "${tlsargs[@]}" --loops 1 --handshake-timeout 120s)
        [ "$mode" = stream ] && cmd+=(--bytes "$BULK_BYTES")
      else
        cmd=(java $JAVA_SERVER_OPTS -cp "$BENCH_JAR" dev.niotls.bench.niotls.BenchServer --mode "$mode"
             "${tlsargs[@]}" --bytes "$BULK_BYTES" ${NIOTLS_CRYPTO:+--crypto "$NIOTLS_CRYPTO"})
      fi ;;
    netty-jdk|netty-openssl)
      cmd=(java $JAVA_SERVER_OPTS -cp "$BENCH_JAR" dev.niotls.bench.peers.NettyServer --mode "$mode"
           --provider "${name#netty-}" "${tlsargs[@]}" --bytes "$BULK_BYTES") ;;
    plain-tcp)
      cmd=(java $JAVA_SERVER_OPTS -cp "$BENCH_JAR" dev.niotls.bench.niotls.BenchServer --plain --mode "$mode"
           --host 127.0.0.1 --port "$port" --bytes "$BULK_BYTES") ;;
    nginx)
      local dir=$OUT/nginx
      mkdir -p "$dir"
      sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@CERT@|$OUT/cert.pem|g" -e "s|@KEY@|$OUT/key.pem|g" \
          -e "s|@PROTOCOL@|$PROFILE_PROTOCOL|g" -e "s|@CIPHER12@|$CIPHER12|g" -e "s|@CIPHER13@|$CIPHER13|g" \
          "$BENCH/nginx.conf.template" >"$dir/nginx.conf"
      cmd=(nginx -p "$dir" -c "$dir/nginx.conf") ;;
    *) die "unknown server $name" ;;
  esac
  printf '%s\n' "${cmd[*]}" >>"$OUT/commands.txt"
  "${cmd[@]}" >"$logfile" 2>&1 </dev/null &
  SERVER_PID=$!
  SERVER_NAME=$name
  STARTED_PIDS+=("$SERVER_PID")
  wait_for_port "$port" "$logfile"
}

wait_for_port() {
  local port=$1 logfile=$2 deadline=$((SECONDS + 60))
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; die "$SERVER_NAME exited before listening"; }
    [ $SECONDS -lt $deadline ] || die "$SERVER_NAME did not listen on $port within 60 s"
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

client_env() { env OPENSSL_CONF="$OUT/client-openssl.cnf" "$@"; }

# ---- scenarios ---------------------------------------------------------------------------------------

scenario_jmh() {
  log "jmh: in-memory benchmarks${JMH_ARGS[*]:+ (${JMH_ARGS[*]})}"
  logged java -jar "$BENCH_JAR" "${JMH_ARGS[@]}" -rf csv -rff "$OUT/jmh.csv" >"$OUT/jmh-raw.txt" 2>&1 ||
    { tail -30 "$OUT/jmh-raw.txt" >&2; die "jmh"; }
  sed -n '/^Benchmark /,$p' "$OUT/jmh-raw.txt" >"$OUT/jmh.txt"
}

# wrk_run SCENARIO SERVER REPEAT CONNECTIONS [wrk args...]: a discarded warm-up, then the measured run.
wrk_run() {
  local scenario=$1 server=$2 repeat=$3 connections=$4
  shift 4
  local url=https://127.0.0.1:${PORT[$server]}/ raw=$OUT/$scenario-$server-r$repeat.txt
  # --timeout 30s: wrk's 2 s default makes a server still busy with the first hundred handshakes (a cold JVM)
  # see every connection time out and retried, and it never catches up; the same for every server.
  client_env wrk -t1 -c"$connections" -d"${WRK_WARMUP}s" --timeout 30s "$@" "$url" >/dev/null 2>&1 || true
  printf 'OPENSSL_CONF=client-openssl.cnf wrk -t1 -c%s -d%ss --timeout 30s %s %s\n' "$connections" "$WRK_SECONDS" "$*" "$url" >>"$OUT/commands.txt"
  client_env wrk -t1 -c"$connections" -d"${WRK_SECONDS}s" --timeout 30s --latency "$@" "$url" >"$raw" 2>&1 || die "wrk against $server"
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
    for server in niotls netty-jdk netty-openssl nginx; do
      log "keepalive: $server (repeat $repeat/$REPEATS)"
      start_server "$server" http
      rps=$(wrk_run keepalive "$server" "$repeat" "$WRK_CONNECTIONS") || die "keepalive against $server"
      stop_server
      [ -n "$rps" ] || die "no Requests/sec from wrk against $server"
      record keepalive "$server" "$repeat" requests_per_s "$rps" "req/s"
    done
  done
}

scenario_handshakes() {
  local repeat server rps
  for repeat in $(seq "$REPEATS"); do
    # openssl s_server fits no scenario: -www/-WWW answer HTTP/1.0 without Content-Length (wrk counts read
    # errors, not responses), it serves one connection at a time, and streaming its stdin stalled after 16 KiB.
    for server in niotls netty-jdk netty-openssl nginx; do
      log "handshakes: $server (repeat $repeat/$REPEATS)"
      start_server "$server" http
      rps=$(wrk_run handshakes "$server" "$repeat" "$HS_CONNECTIONS" -H 'Connection: close') ||
        die "handshakes against $server"
      stop_server
      [ -n "$rps" ] || die "no Requests/sec from wrk against $server"
      record handshakes "$server" "$repeat" handshakes_per_s "$rps" "full handshakes/s"
    done
  done
}

# One connection, BULK_BYTES server to client; TLS read by openssl s_client, plain TCP by cat.
scenario_bulk() {
  local repeat server start end bytes
  for repeat in $(seq "$REPEATS"); do
    for server in niotls netty-jdk netty-openssl plain-tcp; do
      log "bulk: $server, $BULK_BYTES bytes (repeat $repeat/$REPEATS)"
      start_server "$server" stream
      local port=${PORT[$server]} raw=$OUT/bulk-$server-r$repeat.txt
      start=$(date +%s%N)
      if [ "$server" = plain-tcp ]; then
        printf 'cat < /dev/tcp/127.0.0.1/%s | wc -c\n' "$port" >>"$OUT/commands.txt"
        bytes=$(timeout 300 bash -c "cat < /dev/tcp/127.0.0.1/$port" | wc -c)
      else
        printf 'OPENSSL_CONF=client-openssl.cnf openssl s_client -connect 127.0.0.1:%s -quiet < /dev/null | wc -c\n' "$port" >>"$OUT/commands.txt"
        bytes=$(client_env timeout 300 openssl s_client -connect "127.0.0.1:$port" -quiet </dev/null 2>"$raw" | wc -c)
      fi
      end=$(date +%s%N)
      stop_server
      [ "$bytes" = "$BULK_BYTES" ] || die "bulk from $server: received $bytes of $BULK_BYTES bytes"
      record bulk "$server" "$repeat" mb_per_s "$(awk -v b="$bytes" -v ns=$((end - start)) 'BEGIN {printf "%.1f", b / 1e6 / (ns / 1e9)}')" "MB/s (10^6 B/s)"
    done
  done
}

loadgen() {
  local cmd=(java -Xmx2g -cp "$BENCH_JAR" dev.niotls.bench.loadgen.LoadGen --host 127.0.0.1 --tls "$TLS" --cacert "$OUT/cert.pem" "$@")
  printf '%s\n' "${cmd[*]}" >>"$OUT/commands.txt"
  "${cmd[@]}"
}

# loadgen for a background job: exec replaces the job's subshell, so $! is the JVM itself and a kill
# reaches it (killing the subshell alone left the idle clients holding their connections for 600 s).
loadgen_exec() {
  local cmd=(java -Xmx2g -cp "$BENCH_JAR" dev.niotls.bench.loadgen.LoadGen --host 127.0.0.1 --tls "$TLS" --cacert "$OUT/cert.pem" "$@")
  printf '%s\n' "${cmd[*]}" >>"$OUT/commands.txt"
  exec "${cmd[@]}"
}

scenario_latency() {
  local repeat server rate raw line repeats=${LATENCY_REPEATS:-$REPEATS}
  for repeat in $(seq "$repeats"); do
    for server in niotls netty-jdk netty-openssl; do
      start_server "$server" echo
      for rate in $LAT_RATES; do
        log "latency: $server at $rate req/s, $LAT_CONNECTIONS connections (repeat $repeat/$repeats)"
        raw=$OUT/latency-$server-$rate-r$repeat.txt
        loadgen --mode echo --port "${PORT[$server]}" --connections "$LAT_CONNECTIONS" --rate "$rate" \
          --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" --size 64 \
          --hgrm "$OUT/latency-$server-$rate-r$repeat.hgrm" >"$raw" 2>"$raw.progress" || die "loadgen against $server"
        line=$(grep '^RESULT' "$raw") || die "no RESULT from loadgen against $server"
        local field
        for field in achieved p50_us p90_us p99_us p999_us max_us incomplete errors; do
          record latency "$server" "$repeat" "$field@$rate" "$(sed -n "s/.* $field=\([0-9.]*\).*/\1/p" <<<"$line")" \
            "$([ "$field" = achieved ] && echo req/s || { [[ $field == *_us ]] && echo us || echo requests; })"
        done
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

scenario_idle_memory() {
  local server java heap0 heap1 rss0 rss1 gen_pid raw deadline
  for server in niotls netty-jdk netty-openssl nginx; do
    log "idle-memory: $server, $IDLE_CONNECTIONS idle TLS connections"
    start_server "$server" http
    java=1
    [ "$server" = nginx ] && java=0
    sleep 1
    [ $java = 1 ] && heap0=$(heap_used_kb "$SERVER_PID")
    rss0=$(rss_kb "$SERVER_PID")
    raw=$OUT/idle-$server.txt
    loadgen_exec --mode idle --port "${PORT[$server]}" --connections "$IDLE_CONNECTIONS" --hold 600 \
      --connect-timeout 500 >"$raw" 2>"$raw.progress" &
    gen_pid=$!
    STARTED_PIDS+=("$gen_pid")
    deadline=$((SECONDS + 540))
    until grep -q IDLE_READY "$raw" 2>/dev/null; do
      kill -0 "$gen_pid" 2>/dev/null || { cat "$raw" >&2; die "idle clients against $server ended early"; }
      [ $SECONDS -lt $deadline ] || die "idle clients against $server not ready in 540 s"
      sleep 0.5
    done
    sleep 2
    [ $java = 1 ] && heap1=$(heap_used_kb "$SERVER_PID")
    rss1=$(rss_kb "$SERVER_PID")
    printf 'jcmd PID GC.run; jcmd PID GC.heap_info (used); VmRSS of the server and its children, before and after\n' >>"$OUT/commands.txt"
    kill -TERM "$gen_pid" 2>/dev/null || true
    wait "$gen_pid" 2>/dev/null || true
    stop_server
    if [ $java = 1 ]; then
      record idle-memory "$server" 1 heap_per_conn_bytes "$(( (heap1 - heap0) * 1024 / IDLE_CONNECTIONS ))" "bytes"
    fi
    record idle-memory "$server" 1 rss_per_conn_bytes "$(( (rss1 - rss0) * 1024 / IDLE_CONNECTIONS ))" "bytes"
  done
}

# ---- main --------------------------------------------------------------------------------------------

ORIGINAL_ARGS="$*"
install_missing
build
prepare
log "results: $OUT (niotls server: $(niotls_impl))"
for scenario in "${SCENARIOS[@]}"; do
  case $scenario in
    jmh) scenario_jmh ;;
    keepalive) scenario_keepalive ;;
    handshakes) scenario_handshakes ;;
    bulk) scenario_bulk ;;
    latency) scenario_latency ;;
    idle-memory) scenario_idle_memory ;;
  esac
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/env.txt"
java -cp "$BENCH_JAR" dev.niotls.bench.report.Report "$OUT"
log "done: $OUT/report.md"
