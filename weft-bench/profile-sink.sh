#!/usr/bin/env bash
# profile-sink.sh - run one sink-benchmark case under Java Flight Recorder and summarise it.
#
#   weft-bench/profile-sink.sh [-s SERVER] [-w WORKLOAD] [-o DIR] [-- extra JVM flags]
#
#   -s  a Java server from weft-bench/sink-servers.list (default weft)
#   -w  W1..W4, Q1..Q4 or a spec conns:bytes:chunk:parallel[:nodelay] (default W1)
#   -o  where to keep the recording (default weft-bench/target/profiles)
#
# The recording uses the JDK's "profile" settings with Java and native samples every millisecond
# (a sink run lasts about a second); JfrTop prints the top frames per thread, allocation by class,
# GC pauses by cause and compilations. Run weft-bench/run-sink-bench.sh once first (it builds).
set -eu
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SERVER=weft WL=W1 OUT=weft-bench/target/profiles
while getopts "s:w:o:h" o; do
  case $o in s) SERVER=$OPTARG ;; w) WL=$OPTARG ;; o) OUT=$OPTARG ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac
done
shift $((OPTIND - 1))
declare -A SPEC=([W1]=1:1G:64K:1 [W2]=16:64M:64K:16 [W3]=20000:1K:1K:64 [W4]=1:4M:1:1:nodelay
                 [Q1]=1:64M:64K:1 [Q2]=4:16M:64K:4 [Q3]=2000:1K:1K:64 [Q4]=1:64K:1:1:nodelay)
spec=${SPEC[$WL]:-$WL}
IFS=: read -r conns bytes chunk par flag <<<"$spec"
line=$(awk -F'|' -v n="$SERVER" '{ k = $1; gsub(/^ +| +$/, "", k) } k == n { print; exit }' weft-bench/sink-servers.list)
[ -n "$line" ] || { echo "no server $SERVER in weft-bench/sink-servers.list" >&2; exit 2; }
cmd=$(sed 's/^[^|]*|//; s/^ *//; s/ *$//' <<<"$line")
[[ "$cmd" == @* ]] && cmd=$(head -n 1 "${cmd#@}")
[[ "$cmd" == java\ * ]] || { echo "$SERVER is not a Java server: $cmd" >&2; exit 2; }
[ -x weft-bench/target/sinkbench/loadgen ] || { echo "run weft-bench/run-sink-bench.sh -q -r 1 first (it builds)" >&2; exit 2; }
mkdir -p "$OUT"
jfc="$OUT/sampling.jfc"
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed -e '/name="jdk.ExecutionSample"/,/<\/event>/ s/[0-9]* ms</1 ms</' \
    -e '/name="jdk.NativeMethodSample"/,/<\/event>/ s/[0-9]* ms</1 ms</' "$java_home/lib/jfr/profile.jfc" >"$jfc"
rec="$OUT/$SERVER-$WL-$(date +%H%M%S).jfr"
# A line may start with environment assignments (VAR=value ...) before "java": keep them in front.
envs=""
while [[ "$cmd" =~ ^([A-Za-z_][A-Za-z0-9_]*=[^[:space:]]*)[[:space:]]+(.*)$ ]]; do
  envs+="${BASH_REMATCH[1]} " cmd=${BASH_REMATCH[2]}
done
cmd="${envs}java -XX:StartFlightRecording=filename=$rec,settings=$jfc ${*:-} ${cmd#java }"
port=$((20000 + RANDOM % 12000))
PORT=$port EXPECT=$conns bash -c "$cmd" >"$OUT/server.out" 2>"$OUT/server.err" &
pid=$!
for _ in $(seq 600); do grep -q '^READY' "$OUT/server.out" 2>/dev/null && break; sleep 0.05; done
args=(--port "$port" --conns "$conns" --bytes "$bytes" --chunk "$chunk" --parallel "$par")
[ "${flag:-}" = nodelay ] && args+=(--nodelay)
weft-bench/target/sinkbench/loadgen "${args[@]}" >"$OUT/loadgen.out"
wait $pid
echo "command: $cmd"
grep '^{' "$OUT/server.out" | tail -n 1
java -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.JfrTop "$rec" 15
echo "recording: $rec"
