#!/bin/bash
# ab.sh TLS CNF MODE ROUNDS SECONDS WARM name:jar:extra ...   (servers on CPU 0, hsclient on CPU 1)
TLS=$1; CNF=$2; MODE=$3; ROUNDS=$4; SEC=$5; WARM=$6; shift 6
L=/work/main/bench/latest
port=9440; specs=()
for spec in "$@"; do
  IFS=: read name jar extra <<<"$spec"
  port=$((port+1))
  taskset -c 0 java -Xms256m -Xmx2g -XX:+UseG1GC -jar $jar https-server --host 127.0.0.1 --port $port --tls $TLS \
    --cert $L/cert.pem --key $L/key.pem --loops 1 --handshake-timeout 120s $extra > /tmp/ab-srv-$name.log 2>&1 &
  pid=$!
  for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
  OPENSSL_CONF=$CNF taskset -c 1 /work/main/bench/target/hsclient 127.0.0.1 $port 32 $WARM $MODE >/dev/null
  specs+=("$name:$pid:$port")
done
for r in $(seq $ROUNDS); do
  for spec in "${specs[@]}"; do
    IFS=: read name pid port <<<"$spec"
    echo -n "$r $name "
    "$(dirname "$0")"/meas.sh $pid $port $CNF $MODE $SEC 1
  done
done
for spec in "${specs[@]}"; do IFS=: read name pid port <<<"$spec"; kill $pid; done
wait 2>/dev/null
