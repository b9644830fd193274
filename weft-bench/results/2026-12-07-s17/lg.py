#!/usr/bin/env python3
# lg.py ARGS...: runs loadgen, prints its JSON seconds plus the client's schedstat (cpu, run-queue wait) and ctx switches
import os, sys, subprocess, json
p = subprocess.Popen([os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../target/sinkbench-ref/c/loadgen")] + sys.argv[1:], stdout=subprocess.PIPE)
out = p.stdout.read()
os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
ss = open(f"/proc/{p.pid}/schedstat").read().split()
st = {l.split(":")[0]: l.split(":")[1].strip() for l in open(f"/proc/{p.pid}/status") if "ctxt" in l}
p.wait()
j = json.loads(out)
cpu = int(ss[0]) / 1e9; wait = int(ss[1]) / 1e9
print("secs %.4f cpu %.4f runq_wait %.4f sleep %.4f vol %s invol %s" % (j["seconds"], cpu, wait, j["seconds"] - cpu - wait, st["voluntary_ctxt_switches"], st["nonvoluntary_ctxt_switches"]))
