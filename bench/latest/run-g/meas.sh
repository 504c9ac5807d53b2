#!/bin/bash
# meas.sh PID PORT CNF MODE SECONDS [N]: hsclient runs, server CPU us per handshake
PID=$1; PORT=$2; CNF=$3; MODE=$4; SEC=${5:-5}; N=${6:-3}
B=/work/main/bench
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
for i in $(seq $N); do
  a=$(cpu)
  line=$(OPENSSL_CONF=$CNF taskset -c 1 $B/target/hsclient 127.0.0.1 $PORT 32 $SEC $MODE)
  b=$(cpu)
  n=$(echo "$line" | sed -E 's/.*full=([0-9]+) resumed=([0-9]+).*/\1 \2/' | awk '{print $1+$2}')
  ccpu=$(echo "$line" | sed -E 's/.*cpu_s=([0-9.]+).*/\1/')
  echo "$line  rate=$((n/SEC))/s server_us=$(( (b-a)*10000*1000/ (n>0?n:1) /1000 )) client_us=$(awk -v c=$ccpu -v n=$n 'BEGIN{printf "%d", c*1e6/n}')"
done
