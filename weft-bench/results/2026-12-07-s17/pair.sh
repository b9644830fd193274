#!/bin/bash
# pair.sh SERVER(weft|c) N : starts the server, runs lg.py against it
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"; T="${TMPDIR:-/tmp}"
R=$ROOT/weft-bench/target/sinkbench-ref
N=${2:-20000}
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
case $1 in
  weft) $ROOT/weft sink --listen tcp:$PORT:interface=127.0.0.1 --expect $N >/dev/null 2>&1 & ;;
  c) env PORT=$PORT EXPECT=$N $R/c/sink accum >/dev/null 2>&1 & ;;
  jar:*) J=${1#jar:}; WEFT_SKIP_BUILD=1 java $JOPTS -jar $J sink --listen tcp:$PORT:interface=127.0.0.1 --expect $N >/dev/null 2>&1 & ;;
esac
SPID=$!
for i in $(seq 1 1000); do ss -ltn | grep -q ":$PORT " && break; sleep 0.01; done
sleep 0.3
echo -n "$1 "; $HERE/lg.py --port $PORT --conns $N --bytes 1024 --chunk 1024 --parallel 64
wait $SPID
