#!/bin/bash
# Cold start of the https-server, session 7: a fresh server pinned to CPU 0, then four 5 s slices of hsclient
# (32 connections, full TLS 1.3, TLS_AES_128_GCM_SHA256, X25519) on CPU 1; per slice the rate and the server's CPU
# per handshake (/proc/PID/stat). Run from the repository root after `mvn -o install -DskipTests` and
# `bench/run.sh --smoke handshakes` (which builds bench/target/hsclient):
#   bench/latest/run-k/cold.sh samples/target/niotls-samples.jar none
#   bench/latest/run-k/cold.sh samples/target/niotls-samples.jar w30 --warm-up 30s
set -u
JAR=$1; LABEL=$2; shift 2
ROOT=$(pwd); DIR=$ROOT/bench/latest/run-k
export OPENSSL_CONF=$ROOT/bench/latest/client-tls13-full.cnf
taskset -c 0 java -Xms256m -Xmx2g -XX:+UseG1GC -jar "$JAR" https-server --host 127.0.0.1 --port 9443 --tls 1.3 \
  --cert "$ROOT/bench/latest/cert.pem" --key "$ROOT/bench/latest/key.pem" --loops 1 --handshake-timeout 120s \
  --session-cache 0 "$@" > "$DIR/server-$LABEL.log" 2>&1 &
PID=$!
t_start=$(date +%s.%N)
until (exec 3<>/dev/tcp/127.0.0.1/9443) 2>/dev/null; do sleep 0.05; done
t_listen=$(date +%s.%N)
line="$LABEL ready_after=$(echo "$t_listen - $t_start" | bc | cut -c1-5)s"
for s in 1 2 3 4; do
  t0=$(awk '{print $14+$15}' /proc/$PID/stat)
  out=$(taskset -c 1 "$ROOT/bench/target/hsclient" 127.0.0.1 9443 32 5 new | tail -1)
  t1=$(awk '{print $14+$15}' /proc/$PID/stat)
  n=$(echo "$out" | sed 's/.*full=\([0-9]*\).*/\1/')
  line="$line | $((n/5))/s $(( (t1-t0)*10000000/ (n>0?n:1) / 1000 ))us"
done
kill $PID; wait $PID 2>/dev/null
echo "$line"
