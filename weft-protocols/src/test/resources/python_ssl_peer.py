"""A TLS peer on Python's ssl module (OpenSSL underneath) for weft's interop tests.

usage: python_ssl_peer.py server|client CERT KEY CA HOST PORT SIZE SEED VERSION

Sends SIZE seeded pseudo-random bytes while reading what arrives (non-blocking, both ways at once),
hashing both; once both directions are complete it closes with close_notify (SSLSocket.unwrap) and
waits for the peer's. VERSION is TLSv1.2 or TLSv1.3 (both ends are pinned to it). Prints
"PORT <n>" (server), "HANDSHAKE <version> <cipher>", "SENT <sha256>", "RECEIVED <count> <sha256>"
and "CLOSE clean" (the peer's close_notify arrived) or "CLOSE <error>". The server verifies no
client; the client verifies the server's certificate against CA and HOST.
"""
import hashlib
import random
import selectors
import socket
import ssl
import sys

role, cert, key, ca, host, port, size, seed, version = sys.argv[1:10]
SIZE = int(size)


def out(*words):
    print(*words, flush=True)


def context():
    if role == "server":
        c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        c.load_cert_chain(cert, key)
    else:
        c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        c.load_verify_locations(ca)
    v = ssl.TLSVersion.TLSv1_3 if version == "TLSv1.3" else ssl.TLSVersion.TLSv1_2
    c.minimum_version = v
    c.maximum_version = v
    return c


def connect():
    if role == "server":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        out("PORT", listener.getsockname()[1])
        raw, _ = listener.accept()
        listener.close()
        return context().wrap_socket(raw, server_side=True)
    raw = socket.create_connection(("127.0.0.1", int(port)))
    return context().wrap_socket(raw, server_hostname=host)


def main():
    s = connect()
    out("HANDSHAKE", s.version(), s.cipher()[0])
    rng = random.Random(int(seed))
    sent, received = hashlib.sha256(), hashlib.sha256()
    left, got = SIZE, 0
    pending = b""
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    while got < SIZE or left > 0 or pending:
        events = sel.select(60)
        if not events:
            raise SystemExit("no progress for 60 s: sent %d of %d, received %d" % (SIZE - left, SIZE, got))
        while got < SIZE:  # read everything decryptable now, including what OpenSSL buffered
            try:
                data = s.recv(1 << 16)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                break
            if not data:
                raise SystemExit("the peer closed after %d of %d bytes" % (got, SIZE))
            received.update(data)
            got += len(data)
        if not pending and left > 0:
            n = min(left, 1 + rng.randrange(200000))
            pending = rng.randbytes(n)
            sent.update(pending)
            left -= n
        if pending:
            try:
                pending = pending[s.send(pending):]
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                pass
        if left == 0 and not pending:
            sel.modify(s, selectors.EVENT_READ)
    out("SENT", sent.hexdigest())
    out("RECEIVED", got, received.hexdigest())
    s.setblocking(True)
    s.settimeout(60)
    try:
        s.unwrap()
        out("CLOSE", "clean")
    except (OSError, ssl.SSLError) as e:
        out("CLOSE", type(e).__name__, e)


main()
