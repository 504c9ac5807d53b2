#!/bin/bash
# ka.sh ROUNDS: keep-alive A/B, wrk -t1 -c100 -d10s, order alternating per round
L=/work/main/bench/latest; B=/work/baseline/niotls-samples-7545e80.jar; A=/work/main/samples/target/niotls-samples.jar
taskset -c 0 java -Xms256m -Xmx2g -XX:+UseG1GC -jar $B https-server --host 127.0.0.1 --port 9461 --tls 1.3 --cert $L/cert.pem --key $L/key.pem --loops 1 > /tmp/ka-b.log 2>&1 & pb=$!
taskset -c 0 java -Xms256m -Xmx2g -XX:+UseG1GC -jar $A https-server --host 127.0.0.1 --port 9462 --tls 1.3 --cert $L/cert.pem --key $L/key.pem --loops 1 > /tmp/ka-a.log 2>&1 & pa=$!
for p in 9461 9462; do for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.2; done; taskset -c 1 wrk -t1 -c100 -d15s https://127.0.0.1:$p/ > /dev/null; done
run() { echo -n "$1 $2 "; taskset -c 1 wrk -t1 -c100 -d10s https://127.0.0.1:$2/ | awk '/Requests\/sec/{print $2}'; }
for r in $(seq $1); do
  if [ $((r % 2)) = 1 ]; then run before 9461; run after 9462; else run after 9462; run before 9461; fi
done
kill $pa $pb
