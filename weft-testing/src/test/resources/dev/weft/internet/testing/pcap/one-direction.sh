#!/bin/bash
# Made lo4-both-sides.pcap, lo4-server-side.pcap, lo4-client-side.pcap and lo4-snap60.pcap (run as root): two
# loopback connections, each "GET ...\n" answered by "hi GET ...\n" and "and bye\n", the server closing first, captured
# whole, by "tcp src port P" (the server side only), by "tcp dst port P" (the client side only) and with -s 60.
cd "$(mktemp -d)" && echo "writing into $PWD"
rm -f cap.*.pcap td*.log srv.log
/usr/bin/python3 -u - > srv.log 2>&1 <<'PY' &
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); print("port", s.getsockname()[1], flush=True)
for _ in range(2):
    c, _ = s.accept(); d = b""
    while not d.endswith(b"\n"): d += c.recv(100)
    c.sendall(b"hi " + d); c.sendall(b"and bye\n"); c.shutdown(socket.SHUT_WR)
    while c.recv(100): pass
    c.close()
PY
SP=$!
until grep -q port srv.log; do sleep 0.05; done
P=$(awk '{print $2}' srv.log)
tcpdump -i lo -U -w cap.full.pcap "tcp port $P" 2>td1.log & D1=$!
tcpdump -i lo -U -w cap.srconly.pcap "tcp src port $P" 2>td2.log & D2=$!
tcpdump -i lo -U -w cap.dstonly.pcap "tcp dst port $P" 2>td3.log & D3=$!
tcpdump -i lo -U -s 60 -w cap.snap60.pcap "tcp port $P" 2>td4.log & D4=$!
until grep -q listening td1.log && grep -q listening td2.log && grep -q listening td3.log && grep -q listening td4.log; do sleep 0.05; done
sleep 0.5
/usr/bin/python3 - $P <<'PY'
import socket, sys
p = int(sys.argv[1])
for msg in (b"GET /one\n", b"GET /second-request\n"):
    c = socket.create_connection(("127.0.0.1", p)); c.sendall(msg); d = b""
    while True:
        b = c.recv(100)
        if not b: break
        d += b
    c.close(); print(d)
PY
sleep 0.5
kill $D1 $D2 $D3 $D4; wait $D1 $D2 $D3 $D4 2>/dev/null; wait $SP
ls -la cap.*.pcap
