import re,collections,sys
# per CPU: time spent running each comm (from sched_switch), within the loadgen's lifetime
ev=[]
for l in open(sys.argv[1]):
    m=re.search(r'^\s*(.+?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:sched_switch:\s+prev_comm=(.+?) prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=(.+?) next_pid=(\d+)',l)
    if m: ev.append((float(m.group(4)),int(m.group(3)),m.group(5),m.group(8)))
ev.sort()
lg=[e[0] for e in ev if e[2]=='loadgen' or e[3]=='loadgen']
t0,t1=min(lg),max(lg)
last={}
acc=collections.defaultdict(float)
for t,cpu,prev,nxt in ev:
    if cpu in last and t0<=t<=t1:
        lt,comm=last[cpu]; acc[(cpu,comm)]+=t-max(lt,t0)
    last[cpu]=(t,nxt)
print("window %.3f s"%(t1-t0))
for k,v in sorted(acc.items(), key=lambda x:-x[1])[:14]: print("cpu%d %-22s %.1f ms"%(k[0],k[1],v*1000))
