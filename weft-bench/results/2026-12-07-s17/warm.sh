#!/bin/bash
# warm.sh weft|c : one warm-up batch of 20,000, then a measured batch (lg.py)
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"; T="${TMPDIR:-/tmp}"
R=$ROOT/weft-bench/target/sinkbench-ref
N=20000
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
case $1 in
  weft) $ROOT/weft sink --listen tcp:$PORT:interface=127.0.0.1 >/dev/null 2>&1 & ;;
  c) env PORT=$PORT EXPECT=1000000 $R/c/sink accum >/dev/null 2>&1 & ;;
esac
SPID=$!
for i in $(seq 1 1000); do ss -ltn | grep -q ":$PORT " && break; sleep 0.01; done
sleep 0.3
$R/c/loadgen --port $PORT --conns $N --bytes 1024 --chunk 1024 --parallel 64 --seed-base 100000 >/dev/null
sleep 0.3
echo -n "$1 warm "; $HERE/lg.py --port $PORT --conns $N --bytes 1024 --chunk 1024 --parallel 64 --seed-base 200000
kill $SPID; wait $SPID 2>/dev/null
