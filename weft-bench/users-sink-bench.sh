#!/usr/bin/env bash
# users-sink-bench.sh - `./weft sink` exactly as a user starts it, against the C and Netty sinks,
# timed on the load generator's clock (the client's), so every server is measured the same way
# whether or not it follows the sink benchmark's JSON contract.
#
#   weft-bench/users-sink-bench.sh [-r REPS] [-w "W1 W2 W3"] [-s "names"] [-o FILE] [-g LOADGEN_DIR] [-p]
#                                  [-m as-is|hot|cold] [-a]
#
#   -r  runs of every case (default 3), rep-major (every server and workload once, then again)
#   -w  workloads (default W1 W2 W3; W1 1 x 1 GiB, W2 16 x 64 MiB, W3 20,000 x 1 KiB)
#   -s  servers (default: weft c-accum c-discard netty-epoll-composite; also weft-out, nc-out, and
#       java+NAME: weft.jar (or the jar $JAR_NAME) run by java directly with the options in $OPTS_NAME;
#       bench-line: weft-bench/sinkbench-server.txt; bench-line-huge: the same with glibc's huge pages;
#       bench-line~NAME: the line without the flags listed in $DROP_NAME, e.g. DROP_xmn=-Xmn32m)
#   -o  raw records, one JSON line per case (default weft-bench/target/users-<date-time>.jsonl)
#   -g  directory of the reference harness's built C programs (default: ../shared/tools/sinkbench
#       copied to weft-bench/target/sinkbench-ref and built there: c/loadgen, c/sink)
#   -p  pin: the load generator to CPU 0 and every server to the other CPUs (taskset), so the server
#       has cores of its own, as on a machine it does not share with its client; needs 2+ CPUs
#   -m  the memory a server starts on (a guest that reports its free pages to the host, virtio_balloon's
#       free-page reporting, gets them back unbacked: its next first touch of each page is a fault in
#       the host too, several times dearer). as-is (default): whatever the machine does; hot: reporting
#       off for the run (root; /sys/module/page_reporting) and 2 GiB touched first, so every server
#       reuses backed pages (~1.3 µs per first touch on the machine of 2026-12-07); cold:
#       reporting on, and before every case a holder (src/main/c/holdbacked.c) takes the free memory
#       the host still backs and keeps it to the end of the run, so the server's first touches are
#       the host's too (5-11 µs per page there); each holder also takes ~1 GiB the host does not
#       back, so a 24 GiB guest has room for ~10 cases of a gibibyte: -r 1 or 2, few servers. A
#       holder stops at 4 GiB available. Best effort: on that guest most servers then ran on cold
#       memory but not all (c-accum's W1: 0.7-3.1 s of CPU in cold runs, 0.76 hot); a record's CPU
#       beside the same server's hot run says what it got. Each record has the minor page faults.
#   -a  warm: the load generator first runs the workload once untimed against the same server (which
#       then expects twice the connections), so the timed run meets a warmed JVM; CPU, RSS and faults
#       cover both runs
#
# A server is ready when it prints READY (the contract) or weft's "listening on" line. Each record
# has the client's seconds, MB/s and conn/s, and the server's peak RSS (/usr/bin/time -v). weft-out
# and nc-out write 1 GiB to a file (W1 only): the record then also has the server process's
# wall seconds from the load's start to its exit, i.e. until the file is complete (less the load
# generator's precomputation of its payload, which happens before its own clock starts).
# Prints the medians per server and workload at the end (python3).
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPS=3 WORKLOADS="W1 W2 W3" SERVERS="weft c-accum c-discard netty-epoll-composite" RAW="" REF="" PIN=0 MEM=as-is WARM=0
while getopts "r:w:s:o:g:m:pah" o; do
  case $o in
    r) REPS=$OPTARG ;; w) WORKLOADS=$OPTARG ;; s) SERVERS=$OPTARG ;; o) RAW=$OPTARG ;; g) REF=$OPTARG ;;
    p) PIN=1 ;; m) MEM=$OPTARG ;; a) WARM=1 ;;
    *) sed -n '2,41p' "$0"; exit 2 ;;
  esac
done
SERVER_CPUS=() CLIENT_CPUS=()
if [ "$PIN" = 1 ]; then
  ncpu=$(nproc)
  [ "$ncpu" -ge 2 ] || { echo "-p needs at least 2 CPUs; this machine has $ncpu" >&2; exit 2; }
  SERVER_CPUS=(taskset -c "1-$((ncpu - 1))") CLIENT_CPUS=(taskset -c 0)
fi
case $MEM in as-is | hot | cold) ;; *) echo "-m takes as-is, hot or cold, not $MEM" >&2; exit 2 ;; esac
[[ $WARM = 1 && " $SERVERS " == *" nc-out "* ]] && { echo "-a: nc -l takes one connection; leave nc-out out" >&2; exit 2; }
# Free-page reporting's knobs: page_reporting_order (upstream: only free blocks of at least this order
# are reported) and, on some kernels, min_free_ms (how long a block stays free first). hot sets the
# largest values this kernel accepts; the first values are put back at exit.
PR=/sys/module/page_reporting/parameters
declare -A PR_WAS=()
restore_reporting() {
  local k
  for k in "${!PR_WAS[@]}"; do echo "${PR_WAS[$k]}" >"$PR/$k" 2>/dev/null; done
}
set_largest() { # KNOB VALUE... : the first VALUE the kernel accepts
  local k=$1 v
  shift
  [ -w "$PR/$k" ] || return 1
  PR_WAS[$k]=$(cat "$PR/$k")
  for v in "$@"; do echo "$v" >"$PR/$k" 2>/dev/null && return 0; done
  return 1
}
if [ "$MEM" != as-is ]; then
  [ -d "$PR" ] || { echo "-m $MEM: this kernel has no free-page reporting ($PR); use -m as-is" >&2; exit 2; }
  trap restore_reporting EXIT
  if [ "$MEM" = hot ]; then
    set_largest page_reporting_order 11 10 || { echo "-m hot: cannot write $PR/page_reporting_order (root?)" >&2; exit 2; }
    set_largest min_free_ms 100000 60000 10000
  else # cold: reporting as upstream kernels start it (order 9: 2 MiB blocks), without a delay
    set_largest page_reporting_order 9 || { echo "-m cold: cannot write $PR/page_reporting_order (root?)" >&2; exit 2; }
    set_largest min_free_ms 0
  fi
fi
HOLDERS=()
stop_holders() {
  [ "${#HOLDERS[@]}" -gt 0 ] && kill "${HOLDERS[@]}" 2>/dev/null
  HOLDERS=()
}
if [ "$MEM" = cold ]; then
  mkdir -p weft-bench/target
  cc -O2 -o weft-bench/target/holdbacked weft-bench/src/main/c/holdbacked.c || exit 1
  trap 'stop_holders; restore_reporting' EXIT
fi
hold_backed() { # starts a holder and waits until it holds what the host backs
  local said
  said=$(mktemp)
  weft-bench/target/holdbacked >"$said" &
  HOLDERS+=($!)
  for _ in $(seq 600); do grep -q holding "$said" && break; sleep 0.1; done
  rm -f "$said"
}
declare -A SPEC=([W1]=1:1G:64K:1 [W2]=16:64M:64K:16 [W3]=20000:1K:1K:64 [Q1]=1:64M:64K:1 [Q3]=2000:1K:1K:64)
if [ -z "$REF" ]; then
  REF=weft-bench/target/sinkbench-ref
  if [ ! -x "$REF/c/loadgen" ]; then
    mkdir -p "$REF" && cp -r ../shared/tools/sinkbench/. "$REF/" && make -s -C "$REF/c" || exit 1
  fi
fi
# hot: back 2 GiB of free memory now, the most a case takes, so that even the first case starts hot.
[ "$MEM" = hot ] && "$REF/c/faultbench" 2048 >/dev/null
[ -x weft-cli/target/weft.jar ] || ./weft --version >/dev/null || exit 1
[ -f weft-bench/target/benchmarks.jar ] || mvn -B -q -pl weft-bench -am package -DskipTests || exit 1
mkdir -p weft-bench/target
[ -n "$RAW" ] || RAW="weft-bench/target/users-$(date +%Y%m%d-%H%M%S).jsonl"
OUTDIR=$(mktemp -d "${TMPDIR:-/tmp}/users-sink-out.XXXXXX")

command_of() { # NAME PORT CONNS -> the server's command line
  case $1 in
    weft) echo "./weft sink --listen tcp:$2:interface=127.0.0.1 --expect $3" ;;
    weft-out) echo "./weft sink --listen tcp:$2:interface=127.0.0.1 --expect $3 --out $OUTDIR" ;;
    nc-out) echo "echo READY; exec nc -l 127.0.0.1 $2 > $OUTDIR/nc.bin" ;;
    bench-line) echo "export PORT=$2 EXPECT=$3; $(head -n 1 weft-bench/sinkbench-server.txt)" ;;
    bench-line~*) # the benchmark line without the flags in $DROP_<name>: bench-line~xmn drops $DROP_xmn
      local d="DROP_${1#bench-line~}" line f
      line=" $(head -n 1 weft-bench/sinkbench-server.txt) "
      [ -n "${!d-}" ] || { echo "bench-line~${1#bench-line~} needs the flags to drop in \$$d" >&2; return 1; }
      for f in ${!d}; do
        [[ $line == *" $f "* ]] || { echo "the benchmark line has no flag $f to drop" >&2; return 1; }
        line=${line/ $f / }
      done
      echo "export PORT=$2 EXPECT=$3; $line" ;;
    bench-line-huge) # the benchmark line with glibc's huge pages for direct memory, as committed until 2026-12-06
      echo "export PORT=$2 EXPECT=$3; GLIBC_TUNABLES=glibc.malloc.hugetlb=1 $(head -n 1 weft-bench/sinkbench-server.txt | sed 's/^GLIBC_TUNABLES=[^ ]* //')" ;;
    java+*) # the jar without the launcher, with the JVM options in $OPTS_<name>: java+c1 uses $OPTS_c1
      local v="OPTS_${1#java+}" j="JAR_${1#java+}"
      echo "exec java ${!v-} -jar ${!j:-weft-cli/target/weft.jar} sink --listen tcp:$2:interface=127.0.0.1 --expect $3" ;;
    c-accum) echo "PORT=$2 EXPECT=$3 $REF/c/sink accum" ;;
    c-discard) echo "PORT=$2 EXPECT=$3 $REF/c/sink discard" ;;
    netty-epoll-composite) echo "PORT=$2 EXPECT=$3 java -Xmx6g -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.NettySink epoll composite" ;;
    *) echo "unknown server $1" >&2; return 1 ;;
  esac
}

run_case() { # NAME WORKLOAD REP
  local spec=${SPEC[$2]} conns bytes chunk par port dir pid t0 t1 status=ok
  IFS=: read -r conns bytes chunk par <<<"$spec"
  port=$((20000 + RANDOM % 12000))
  dir=$(mktemp -d) cmd=$(command_of "$1" "$port" $((conns * (WARM + 1)))) || return 1
  rm -f "$OUTDIR"/* "$OUTDIR"/.[!.]* 2>/dev/null
  sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null
  [ "$MEM" = cold ] && hold_backed
  setsid /usr/bin/time -v -o "$dir/time.txt" "${SERVER_CPUS[@]}" bash -c "$cmd" >"$dir/out" 2>"$dir/err" </dev/null &
  pid=$!
  for _ in $(seq 1200); do
    grep -q '^READY\|^listening on' "$dir/out" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  [[ $1 == nc-out ]] && sleep 0.2
  if [ "$WARM" = 1 ]; then
    "${CLIENT_CPUS[@]}" "$REF/c/loadgen" --port "$port" --conns "$conns" --bytes "$bytes" --chunk "$chunk" --parallel "$par" \
      --seed-base "$conns" --timeout 300 >/dev/null 2>"$dir/lgerr" || status=fail
  fi
  t0=$(date +%s.%N)
  "${CLIENT_CPUS[@]}" "$REF/c/loadgen" --port "$port" --conns "$conns" --bytes "$bytes" --chunk "$chunk" --parallel "$par" \
    --timeout 300 >"$dir/lg" 2>"$dir/lgerr" || status=fail
  for _ in $(seq 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done
  t1=$(date +%s.%N)
  kill -0 $pid 2>/dev/null && { status=fail; kill -TERM -- -$pid; }
  wait $pid 2>/dev/null
  local rss lg cpu faults
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$dir/time.txt")
  faults=$(awk -F': ' '/Minor .*page faults/ {print $2}' "$dir/time.txt")
  cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%s,\"cpu_sys\":%s", u + 0, s + 0}' "$dir/time.txt")
  lg=$(grep '^{' "$dir/lg" | tail -n 1)
  printf '{"server":"%s","workload":"%s","rep":%d,"pinned":%s,"memory":"%s","warm":%s,"status":"%s","peak_rss_kb":%s,"minor_faults":%s,"cpu_user":%s,"until_exit_s":%.3f,"load":"%s","lg":%s}\n' \
    "$1" "$2" "$3" "$([ "$PIN" = 1 ] && echo true || echo false)" "$MEM" "$([ "$WARM" = 1 ] && echo true || echo false)" "$status" "${rss:-0}" "${faults:-0}" "${cpu:-0}" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "${lg:-null}" | tee -a "$RAW" >&2
  rm -rf "$dir"
}

for ((rep = 1; rep <= REPS; rep++)); do
  for wl in $WORKLOADS; do
    for s in $SERVERS; do
      run_case "$s" "$wl" "$rep"
    done
  done
done
rm -rf "$OUTDIR"
stop_holders
python3 - "$RAW" <<'EOF'
import json, statistics, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print("| server | workload | MB/s (client) | conn/s (client) | until exit s | server CPU s (user+sys) | peak RSS MiB | page faults | runs ok |")
print("|---|---|---|---|---|---|---|---|---|")
seen = []
for r in recs:
    k = (r["server"], r["workload"])
    if k not in seen:
        seen.append(k)
for k in seen:
    g = [r for r in recs if (r["server"], r["workload"]) == k and r["status"] == "ok" and r["lg"]]
    if not g:
        print("| %s | %s | failed | | | | | | 0 |" % k); continue
    med = lambda f: statistics.median(f(r) for r in g)
    faults = [r["minor_faults"] for r in g if "minor_faults" in r]
    print("| %s | %s | %.0f | %.0f | %.2f | %.2f | %.0f | %s | %d |" % (k[0], k[1], med(lambda r: r["lg"]["mb_per_s"]),
          med(lambda r: r["lg"]["conns_per_s"]), med(lambda r: r["until_exit_s"] - r["lg"]["precompute_seconds"]),
          med(lambda r: r["cpu_user"] + r["cpu_sys"]), med(lambda r: r["peak_rss_kb"]) / 1024,
          "%.0f" % statistics.median(faults) if faults else "", len(g)))
# weft against c-accum rep by rep (the runs of one rep follow each other): the median pair and the spread
for wl in dict.fromkeys(r["workload"] for r in recs):
    by = {}
    for r in recs:
        if r["workload"] == wl and r["status"] == "ok" and r["lg"]:
            by.setdefault(r["rep"], {})[r["server"]] = r["lg"]["conns_per_s" if wl in ("W3", "Q3") else "mb_per_s"]
    pairs = [v["weft"] / v["c-accum"] for v in by.values() if "weft" in v and "c-accum" in v]
    if pairs:
        print("%s weft / c-accum, pair by pair: median %.2f, %d of %d >= 1.0 (%s)" % (wl, statistics.median(pairs),
              sum(p >= 1.0 for p in pairs), len(pairs), " ".join("%.2f" % p for p in pairs)))
EOF
