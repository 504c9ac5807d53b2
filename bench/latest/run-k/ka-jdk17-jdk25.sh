#!/bin/bash
# Session 7: the same https-server jar on JDK 17 (port 9443) and JDK 25 (9444), both on CPU 0, warmed by wrk, then
# alternating 10 s runs of wrk -t1 -c100 on CPU 1, keep-alive, TLS 1.3. From the repository root:
#   bench/latest/run-k/ka-jdk17-jdk25.sh
JAR=samples/target/niotls-samples.jar
CERT=bench/latest/cert.pem; KEY=bench/latest/key.pem
start() { taskset -c 0 $2 -Xms256m -Xmx2g -XX:+UseG1GC -jar $JAR https-server --host 127.0.0.1 --port $1 --tls 1.3 --cert $CERT --key $KEY --loops 1 > /dev/null 2>&1 & echo $!; }
P17=$(start 9443 java); P25=$(start 9444 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java); sleep 12
run() { taskset -c 1 wrk -t1 -c100 -d$2s https://127.0.0.1:$1/ | awk '/Requests\/sec/ {print $2}'; }
run 9443 20 >/dev/null; run 9444 20 >/dev/null; run 9443 10 >/dev/null; run 9444 10 >/dev/null
for r in 1 2 3 4 5 6; do
  if [ $((r % 2)) = 1 ]; then a=$(run 9443 10); b=$(run 9444 10); else b=$(run 9444 10); a=$(run 9443 10); fi
  echo "round $r: jdk17 $a jdk25 $b ratio $(echo "scale=3; $b/$a" | bc)"
done
kill $P17 $P25
