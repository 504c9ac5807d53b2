#!/bin/bash
# bulk.sh ROUNDS: before/after GET /bytes/1 GiB with curl, alternating, order swapped per round
L=/work/main/bench/latest; B=/work/baseline/niotls-samples-7545e80.jar; A=/work/main/samples/target/niotls-samples.jar
taskset -c 0 java -Xms256m -Xmx2g -XX:+UseG1GC -jar $B https-server --host 127.0.0.1 --port 9481 --tls 1.3 --cert $L/cert.pem --key $L/key.pem --loops 1 > /tmp/bulk-b.log 2>&1 & pb=$!
taskset -c 0 java -Xms256m -Xmx2g -XX:+UseG1GC -jar $A https-server --host 127.0.0.1 --port 9482 --tls 1.3 --cert $L/cert.pem --key $L/key.pem --loops 1 > /tmp/bulk-a.log 2>&1 & pa=$!
get() { taskset -c 1 curl -s -k -o /dev/null -w '%{speed_download}' https://127.0.0.1:$1/bytes/1073741824; }
for p in 9481 9482; do for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.2; done; get $p >/dev/null; get $p > /dev/null; done
for r in $(seq $1); do
  if [ $((r % 2)) = 1 ]; then o="9481 9482"; else o="9482 9481"; fi
  for p in $o; do n=before; [ $p = 9482 ] && n=after; echo "$n $(get $p)"; done
done
kill $pa $pb
