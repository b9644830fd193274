#!/usr/bin/env python3
"""Opens N TLS 1.3 connections to 127.0.0.1:PORT, sends BYTES on each, prints "open", and keeps
them open until standard input ends. The clients of dev.weft.bench.tls.TlsFootprint (stdlib only).

    tls-clients.py PORT N BYTES
"""
import socket
import ssl
import sys

port, n, size = (int(a) for a in sys.argv[1:4])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE  # a throwaway certificate; only the server's memory is measured
context.minimum_version = ssl.TLSVersion.TLSv1_3
connections = []
for _ in range(n):
    tls = context.wrap_socket(socket.create_connection(("127.0.0.1", port)))
    tls.sendall(b"x" * size)
    connections.append(tls)
print("open", flush=True)
sys.stdin.read()
