#!/bin/bash
# thr.sh [jar] : per-thread CPU (schedstat ns) of the sink during one W3 run (diff before/after)
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"; T="${TMPDIR:-/tmp}"
R=$ROOT/weft-bench/target/sinkbench-ref
N=20000
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ -n "$1" ]; then WEFT_SKIP_BUILD=1 java $JOPTS -jar $1 sink --listen tcp:$PORT:interface=127.0.0.1 >/dev/null 2>&1 &
else $ROOT/weft sink --listen tcp:$PORT:interface=127.0.0.1 >/dev/null 2>&1 & fi
SPID=$!
for i in $(seq 1 1000); do ss -ltn | grep -q ":$PORT " && break; sleep 0.01; done
sleep 0.3
JPID=$(pgrep -P $SPID java || echo $SPID)
snap() { for t in /proc/$JPID/task/*; do echo "$(cat $t/comm | tr ' ' _) $(cut -d' ' -f1,2 $t/schedstat)"; done; }
snap > "$T/thr-before.txt"
$HERE/lg.py --port $PORT --conns $N --bytes 1024 --chunk 1024 --parallel 64
snap > "$T/thr-after.txt"
kill $SPID; wait $SPID 2>/dev/null
python3 - "$T/thr-before.txt" "$T/thr-after.txt" <<'PY'
import sys
b={}
for l in open(sys.argv[1]):
    n,c,w=l.split(); b[n]=b.get(n,(0,0)); b[n]=(b[n][0]+int(c),b[n][1]+int(w))
a={}
for l in open(sys.argv[2]):
    n,c,w=l.split(); a[n]=a.get(n,(0,0)); a[n]=(a[n][0]+int(c),a[n][1]+int(w))
tot=0
for n in a:
    c=(a[n][0]-b.get(n,(0,0))[0])/1e6; w=(a[n][1]-b.get(n,(0,0))[1])/1e6
    if c>0.5: print("  %-28s cpu %7.1f ms  runq %6.1f ms"%(n,c,w)); tot+=c
print("  total %.1f ms"%tot)
PY
