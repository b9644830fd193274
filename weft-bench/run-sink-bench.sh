#!/usr/bin/env bash
# run-sink-bench.sh - weft's end-to-end sink benchmark: weft's sink against Netty 4.2 and C sinks.
#
#   weft-bench/run-sink-bench.sh [-r REPS] [-s "server names"] [-w "W1 W3"] [-q] [-o DIR]
#                                [-l SERVERS_LIST] [-g LOADGEN] [-t TIMEOUT_S] [-b]
#
#   -r  runs of every case (default 3); cases run rep-major, so drift spreads over all servers
#   -s  servers to run (names from weft-bench/sink-servers.list; default all)
#   -w  workloads (default W1 W2 W3 W4; -q: Q1 Q2 Q3 Q4, small versions for a quick check)
#   -o  output directory (default weft-bench/target/sink-results/<date-time>)
#   -g  load generator binary (default: weft-bench/c/loadgen.c, compiled here); it must accept
#       --port --conns --bytes --chunk --parallel [--nodelay] --timeout and print one JSON line
#   -b  rebuild weft-bench/target/benchmarks.jar with Maven first (done anyway if it is missing)
#
# Needs Java 17+, Maven (only to build), gcc, bash. Writes DIR/raw.jsonl (one record per case),
# DIR/results.md (tables of medians) and DIR/results.svg (chart). Run from anywhere.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPS=3 SERVERS="" WORKLOADS="" QUICK=0 OUT="" LIST="weft-bench/sink-servers.list" LOADGEN="" TIMEOUT=300 BUILD=0
while getopts "r:s:w:qo:l:g:t:bh" o; do
  case $o in
    r) REPS=$OPTARG ;; s) SERVERS=$OPTARG ;; w) WORKLOADS=$OPTARG ;; q) QUICK=1 ;; o) OUT=$OPTARG ;;
    l) LIST=$OPTARG ;; g) LOADGEN=$OPTARG ;; t) TIMEOUT=$OPTARG ;; b) BUILD=1 ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done

declare -A SPEC=([W1]=1:1G:64K:1 [W2]=16:64M:64K:16 [W3]=20000:1K:1K:64 [W4]=1:4M:1:1:nodelay
                 [Q1]=1:64M:64K:1 [Q2]=4:16M:64K:4 [Q3]=2000:1K:1K:64 [Q4]=1:64K:1:1:nodelay)
if [ -z "$WORKLOADS" ]; then
  WORKLOADS="W1 W2 W3 W4"
  [ $QUICK = 1 ] && WORKLOADS="Q1 Q2 Q3 Q4"
fi

JAR=weft-bench/target/benchmarks.jar
BIN=weft-bench/target/sinkbench
if [ $BUILD = 1 ] || [ ! -f "$JAR" ]; then
  mvn -B -q -pl weft-bench -am package -DskipTests || { echo "maven build failed" >&2; exit 1; }
fi
mkdir -p "$BIN"
ZLIB=()
# zlib's crc32 when its header is there (as the reference harness's C server), else wire.h's own
if echo '#include <zlib.h>' | gcc -E - >/dev/null 2>&1; then ZLIB=(-DHAVE_ZLIB -lz); fi
for prog in loadgen csink; do
  if [ ! -x "$BIN/$prog" ] || [ weft-bench/c/$prog.c -nt "$BIN/$prog" ] || [ weft-bench/c/wire.h -nt "$BIN/$prog" ]; then
    gcc -O2 -Wall -o "$BIN/$prog" weft-bench/c/$prog.c "${ZLIB[@]}" || { echo "gcc failed on $prog.c" >&2; exit 1; }
  fi
done
[ -n "$LOADGEN" ] || LOADGEN="$BIN/loadgen"

[ -n "$OUT" ] || OUT="weft-bench/target/sink-results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT/logs"
RAW="$OUT/raw.jsonl"

declare -a NAMES CMDS
while IFS= read -r line; do
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  name=$(sed 's/|.*//; s/^ *//; s/ *$//' <<<"$line")
  cmd=$(sed 's/^[^|]*|//; s/^ *//; s/ *$//' <<<"$line")
  [ -n "$SERVERS" ] && [[ " $SERVERS " != *" $name "* ]] && continue
  if [[ "$cmd" == @* ]]; then cmd=$(head -n 1 "${cmd#@}"); fi
  NAMES+=("$name") CMDS+=("$cmd")
done <"$LIST"
[ ${#NAMES[@]} -gt 0 ] || { echo "no servers selected from $LIST" >&2; exit 2; }

free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 12000))
    if ! command -v ss >/dev/null || [ -z "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]; then
      echo $p; return; fi
  done
  echo 0
}

json_str() { sed 's/\\/\\\\/g; s/"/\\"/g' <<<"$1" | tr -d '\n'; }

# run_case NAME CMD WORKLOAD REP: one server process, one loadgen run, one record appended to RAW
run_case() {
  local name=$1 cmd=$2 wl=$3 rep=$4 spec=${SPEC[$3]:-$3}
  local conns bytes chunk par flag
  IFS=: read -r conns bytes chunk par flag <<<"$spec"
  local args=(--conns "$conns" --bytes "$bytes" --chunk "$chunk" --parallel "$par" --timeout "$TIMEOUT")
  [ "${flag:-}" = nodelay ] && args+=(--nodelay)
  local dir port pid status=ok reason="" ready=0 lg_rc=-1 srv_rc=-1
  dir=$(mktemp -d "$OUT/logs/$name-$wl-XXXX")
  port=$(free_port)
  PORT=$port EXPECT=$conns setsid bash -c "$cmd" >"$dir/server.out" 2>"$dir/server.err" </dev/null &
  pid=$!
  for _ in $(seq 1200); do
    grep -q '^READY' "$dir/server.out" 2>/dev/null && { ready=1; break; }
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
  done
  if [ $ready = 1 ]; then
    timeout $((TIMEOUT + 30)) "$LOADGEN" --port "$port" "${args[@]}" >"$dir/loadgen.out" 2>"$dir/loadgen.err"
    lg_rc=$?
    [ $lg_rc = 0 ] || { status=fail; reason="loadgen exit $lg_rc"; }
    for _ in $(seq 1200); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
    if kill -0 $pid 2>/dev/null; then
      [ $status = ok ] && { status=fail; reason="server still running 60 s after the load"; }
    fi
  else
    status=fail reason="no READY line"
  fi
  if kill -0 $pid 2>/dev/null; then
    kill -TERM -- -$pid 2>/dev/null; sleep 1; kill -KILL -- -$pid 2>/dev/null
  fi
  wait $pid 2>/dev/null; srv_rc=$?
  local srv lg
  srv=$(grep '^{' "$dir/server.out" 2>/dev/null | tail -n 1)
  lg=$(grep '^{' "$dir/loadgen.out" 2>/dev/null | tail -n 1)
  [ $status = ok ] && [ $srv_rc != 0 ] && { status=fail; reason="server exit $srv_rc"; }
  [ $status = ok ] && [ -z "$srv" ] && { status=fail; reason="no JSON line from the server"; }
  printf '{"server":"%s","workload":"%s","spec":"%s","rep":%d,"status":"%s","reason":"%s","server_exit":%d,"command":"%s","srv":%s,"lg":%s}\n' \
    "$name" "$wl" "$spec" "$rep" "$status" "$(json_str "$reason")" "$srv_rc" "$(json_str "$cmd")" "${srv:-null}" "${lg:-null}" >>"$RAW"
  [ $status = ok ] && rm -rf "$dir"
  printf '%s %s' "$status" "$reason" >&2
  [ -n "$srv" ] && printf ' %s' "$srv" >&2
  echo >&2
  [ $status = ok ]
}

declare -A DEAD
echo "raw records: $RAW" >&2
for ((rep = 1; rep <= REPS; rep++)); do
  for i in "${!NAMES[@]}"; do
    for wl in $WORKLOADS; do
      [ -n "${DEAD[${NAMES[$i]}/$wl]:-}" ] && continue
      printf '[rep %d] %-22s %-3s ' "$rep" "${NAMES[$i]}" "$wl" >&2
      run_case "${NAMES[$i]}" "${CMDS[$i]}" "$wl" "$rep" || DEAD[${NAMES[$i]}/$wl]=1
    done
  done
done
java -cp "$JAR" dev.weft.bench.sink.SinkReport "$RAW" "$OUT/results.md" "$OUT/results.svg" || exit 1
echo "table: $OUT/results.md  chart: $OUT/results.svg" >&2
