#!/bin/bash
# nice.sh NICE : ./weft sink with its C1 and report threads reniced to NICE (0 = unchanged), one W3 run
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"; T="${TMPDIR:-/tmp}"
R=$ROOT/weft-bench/target/sinkbench-ref
N=20000
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
$ROOT/weft sink --listen tcp:$PORT:interface=127.0.0.1 --expect $N >/dev/null 2>&1 &
SPID=$!
for i in $(seq 1 1000); do ss -ltn | grep -q ":$PORT " && break; sleep 0.01; done
sleep 0.3
JPID=$(pgrep -P $SPID java || echo $SPID)
if [ "$1" != 0 ]; then
  for t in /proc/$JPID/task/*; do case "$(cat $t/comm)" in "C1 CompilerThre"|weft-sink-repor|"GC Thread"*) renice -n $1 -p $(basename $t) >/dev/null;; esac; done
fi
echo -n "nice=$1 "; $HERE/lg.py --port $PORT --conns $N --bytes 1024 --chunk 1024 --parallel 64
wait $SPID
