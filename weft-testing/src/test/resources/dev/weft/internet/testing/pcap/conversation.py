import socket, sys, threading
fam = socket.AF_INET6 if sys.argv[1] == '6' else socket.AF_INET
host = '::1' if fam == socket.AF_INET6 else '127.0.0.1'
port = int(sys.argv[2])
srv = socket.socket(fam); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind((host, port)); srv.listen()
def serve():
    c, _ = srv.accept()
    buf = b''
    while True:
        d = c.recv(65536)
        if not d: break
        buf += d
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            c.sendall(b'echo:' + line + b'\n')
    c.sendall(b'bye\n'); c.close()
t = threading.Thread(target=serve); t.start()
cl = socket.socket(fam); cl.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); cl.connect((host, port))
cl.sendall(b'hello\n'); import time; time.sleep(0.05); cl.sendall(b'world\n'); time.sleep(0.05)
big = bytes((i * 7) % 251 for i in range(int(sys.argv[3]))) + b'\n'
cl.sendall(big)
cl.shutdown(socket.SHUT_WR)
got = b''
while True:
    d = cl.recv(65536)
    if not d: break
    got += d
cl.close(); t.join()
print(len(got))
