#!/usr/bin/env bash
# perf-sink.sh - where a sink server's CPU goes, kernel included: perf samples of one case,
# sorted into categories (first-touch page faults, zeroing, copies, CRC, TCP/syscalls, JIT, GC).
#
#   weft-bench/perf-sink.sh [-s SERVER] [-w WORKLOAD] [-F HZ] [-r]
#
# -r sorts the samples of the last recording (weft-bench/target/profiles/perf.data) again.
# SERVER is a name from weft-bench/sink-servers.list (default weft), WORKLOAD W1..W4, Q1..Q4 or a
# spec (default W1). Needs perf (linux-perf) and python3. Java servers get
# -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer, so that JIT
# frames have names and call chains.
# The categories look at the whole call chain of each sample, first match wins; see CATEGORIES.
set -eu
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SERVER=weft WL=W1 HZ=2000 REUSE=0
while getopts "s:w:F:rh" o; do
  case $o in s) SERVER=$OPTARG ;; w) WL=$OPTARG ;; F) HZ=$OPTARG ;; r) REUSE=1 ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac
done
declare -A SPEC=([W1]=1:1G:64K:1 [W2]=16:64M:64K:16 [W3]=20000:1K:1K:64 [W4]=1:4M:1:1:nodelay
                 [Q1]=1:64M:64K:1 [Q2]=4:16M:64K:4 [Q3]=2000:1K:1K:64 [Q4]=1:64K:1:1:nodelay)
spec=${SPEC[$WL]:-$WL}
IFS=: read -r conns bytes chunk par flag <<<"$spec"
line=$(awk -F'|' -v n="$SERVER" '{ k = $1; gsub(/^ +| +$/, "", k) } k == n { print; exit }' weft-bench/sink-servers.list)
[ -n "$line" ] || { echo "no server $SERVER in weft-bench/sink-servers.list" >&2; exit 2; }
cmd=$(sed 's/^[^|]*|//; s/^ *//; s/ *$//' <<<"$line")
[[ "$cmd" == @* ]] && cmd=$(head -n 1 "${cmd#@}")
# A line may start with environment assignments (VAR=value ...) before "java": keep them in front.
envs=""
while [[ "$cmd" =~ ^([A-Za-z_][A-Za-z0-9_]*=[^[:space:]]*)[[:space:]]+(.*)$ ]]; do
  envs+="${BASH_REMATCH[1]} " cmd=${BASH_REMATCH[2]}
done
[[ "$cmd" == java\ * ]] && cmd="java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer ${cmd#java }"
cmd="$envs$cmd"
OUT=weft-bench/target/profiles
mkdir -p "$OUT"
if [ $REUSE = 0 ]; then
port=$((20000 + RANDOM % 12000))
PORT=$port EXPECT=$conns bash -c "exec $cmd" >"$OUT/server.out" 2>"$OUT/server.err" &
pid=$!
for _ in $(seq 600); do grep -q '^READY' "$OUT/server.out" 2>/dev/null && break; sleep 0.05; done
perf record -q -F "$HZ" -g -o "$OUT/perf.data" -p $pid 2>"$OUT/perf.err" &
perf_pid=$!
sleep 0.5
args=(--port "$port" --conns "$conns" --bytes "$bytes" --chunk "$chunk" --parallel "$par")
[ "${flag:-}" = nodelay ] && args+=(--nodelay)
weft-bench/target/sinkbench/loadgen "${args[@]}" >"$OUT/loadgen.out"
wait $pid || true
kill -INT $perf_pid 2>/dev/null || true
wait $perf_pid 2>/dev/null || true
echo "command: $cmd"
fi
grep '^{' "$OUT/server.out" | tail -n 1
perf script -i "$OUT/perf.data" -F comm,ip,sym,dso 2>/dev/null | /usr/bin/env python3 -c '
import re, sys, collections
# (category, patterns matched against the sample: "comm:" its thread, "k:" a kernel frame,
# "top:" the frame the sample hit, anything else any frame of the call chain); first match wins
CATEGORIES = [
    ("JIT compiler threads", ["comm:C1 Compiler", "comm:C2 Compiler"]),
    ("GC and VM threads", ["comm:GC Thread", "comm:G1 ", "comm:VM Thread"]),
    ("page faults (first touch of memory)", ["k:exc_page_fault", "k:handle_mm_fault"]),
    ("zeroing new arrays and buffers", ["memset", "k:clear_page"]),
    ("JVM copy, direct buffer to heap", ["Unsafe_CopyMemory", "Unsafe.copyMemory"]),
    # the interpreter enters the CRC32 intrinsic stub without a named Java frame: in a sink the
    # only other hot stub is the CRC, so a stub that is not a copy counts as the check
    ("CRC-32 check", ["CRC32", "crc32", "top:StubRoutines"]),
    ("kernel copy to user memory (recv)", ["k:_copy_to_iter", "k:copy_user"]),
    ("TCP, epoll, other syscalls (kernel)", ["k:"]),
]
counts = collections.Counter(); total = 0
def classify(comm, frames):
    for name, pats in CATEGORIES:
        for p in pats:
            if p.startswith("comm:"):
                if comm.startswith(p[5:]): return name
            elif p.startswith("top:"):
                if p[4:] in frames[0][0]: return name
            elif p.startswith("k:"):
                if any(k and (p[2:] == "" or p[2:] in f) for f, k in frames): return name
            elif any(p in f for f, k in frames):
                return name
    return "other (Java code, JVM, libc)"
comm, frames = None, []
def flush():
    global total, comm, frames
    if comm is not None and frames:
        total += 1; counts[classify(comm, frames)] += 1
    comm, frames = None, []
for line in sys.stdin:
    if not line.strip():
        flush(); continue
    if not line[0].isspace():
        flush(); comm = line.strip(); continue
    m = re.match(r"\s*[0-9a-f]+ (.*) \((.*)\)\s*$", line)
    if m:
        frames.append((m.group(1), "kernel.kallsyms" in m.group(2)))
flush()
print("samples: %d (perf -F %s, every thread of the server)" % (total, sys.argv[1]))
for name, n in counts.most_common():
    print("%6.1f%%  %s" % (100.0 * n / max(total, 1), name))
' "$HZ"
