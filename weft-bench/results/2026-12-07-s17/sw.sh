#!/bin/bash
# sw.sh weft|c : records sched_switch system-wide during one W3 run; who preempts loadgen
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"; T="${TMPDIR:-/tmp}"
R=$ROOT/weft-bench/target/sinkbench-ref
N=20000
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
case $1 in
  weft) $ROOT/weft sink --listen tcp:$PORT:interface=127.0.0.1 --expect $N >/dev/null 2>&1 & ;;
  c) env PORT=$PORT EXPECT=$N $R/c/sink accum >/dev/null 2>&1 & ;;
esac
SPID=$!
for i in $(seq 1 1000); do ss -ltn | grep -q ":$PORT " && break; sleep 0.01; done
sleep 0.3
perf record -q -e sched:sched_switch -a -o $T/sw.data -- $R/c/loadgen --port $PORT --conns $N --bytes 1024 --chunk 1024 --parallel 64 | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'
wait $SPID
perf script -i $T/sw.data -F comm,tid,cpu,time,event,trace 2>/dev/null > $T/sw.txt
python3 - "$T/sw.txt" <<'PY'
import sys
import re,collections
pre=collections.Counter(); n=0
for l in open(sys.argv[1]):
    m=re.search(r'prev_comm=(.+?) prev_pid=\d+ prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.+?) next_pid',l)
    if not m: continue
    if m.group(1)=='loadgen':
        pre[(m.group(2),m.group(3))]+=1
for k,v in pre.most_common(12): print(v,k)
PY
