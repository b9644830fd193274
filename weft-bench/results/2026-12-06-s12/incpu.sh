#!/bin/bash
# cpu.sh N REPS name... : in-load server CPU (perf stat task-clock from "listening" to exit) and conn/s; CMD_name = launcher
# e.g. CMD_main=/path/to/main/weft CMD_new=./weft incpu.sh 20000 12 main new c   (c = the reference C accumulator)
cd "$(dirname "$0")/../../.."; REF=weft-bench/target/sinkbench-ref; N=$1 R=$2; shift 2
one() { port=$((20000 + RANDOM % 12000)); out=/tmp/s12/cpu.$1; cv="CMD_$1"
  if [ $1 = c ]; then PORT=$port EXPECT=$N $REF/c/sink accum > $out 2>&1 </dev/null &
  else WEFT_SKIP_BUILD=1 ${!cv} sink --listen tcp:$port:interface=127.0.0.1 --expect $N > $out 2>&1 </dev/null & fi
  pid=$!; for i in $(seq 1500); do grep -q '^READY\|^listening on' $out && break; sleep 0.01; done
  perf stat -e task-clock -x, -p $pid -o /tmp/s12/ps.$1 2>/dev/null & ppid=$!; sleep 0.05
  r=$($REF/c/loadgen --port $port --conns $N --bytes 1K --chunk 1K --parallel 64 --timeout 300 | grep -o '"conns_per_s":[0-9.]*' | cut -d: -f2)
  wait $pid; wait $ppid; ms=$(grep task-clock /tmp/s12/ps.$1 | cut -d, -f1); printf "%s/%.0fms" "$r" "$ms"; }
for r in $(seq $R); do line="$r"; for s in "$@"; do line="$line $s=$(one $s)"; done; echo "$line"; done
