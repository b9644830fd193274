"""A live Twisted STARTTLS peer for weft's startTLS interop tests.

usage: twisted_starttls_peer.py server|client CERT KEY CA HOST PORT SIZE

The client sends the line STARTTLS; the server answers READY and calls transport.startTLS; the
client calls transport.startTLS on READY. Under TLS the client sends SIZE seeded bytes and closes
once they came back; the server echoes what it gets. Prints "PORT <n>" (server), "CLEAR <line>"
for each plaintext line, "HANDSHAKE <version> <cipher>", "RECEIVED <count> <sha256>" and
"LOST <type> <message>", then exits. The client verifies the server's certificate against CA and
HOST (Twisted's optionsForClientTLS).
"""
import hashlib
import random
import sys

from twisted.internet import protocol, reactor, ssl
from twisted.internet.interfaces import IHandshakeListener
from twisted.protocols.basic import LineReceiver
from zope.interface import implementer

role, cert, key, ca, host, port, size = sys.argv[1:8]
SIZE = int(size)


def out(*words):
    print(*words, flush=True)


@implementer(IHandshakeListener)
class Peer(LineReceiver):
    def connectionMade(self):
        self.received = hashlib.sha256()
        self.got = 0
        if role == "client":
            self.sendLine(b"STARTTLS")

    def lineReceived(self, line):
        out("CLEAR", line.decode("ascii"))
        if role == "server" and line == b"STARTTLS":
            self.sendLine(b"READY")  # still plaintext: it leaves before any TLS byte
            with open(cert) as c, open(key) as k:
                identity = ssl.PrivateCertificate.loadPEM(c.read() + "\n" + k.read())
            self.setRawMode()
            self.transport.startTLS(identity.options())
        elif role == "client" and line == b"READY":
            with open(ca) as c:
                authority = ssl.Certificate.loadPEM(c.read())
            self.setRawMode()
            self.transport.startTLS(ssl.optionsForClientTLS(host, trustRoot=authority))

    def handshakeCompleted(self):
        conn = self.transport.getHandle()
        out("HANDSHAKE", conn.get_protocol_version_name(), conn.get_cipher_name())
        if role == "client":
            rng = random.Random(7)
            left = SIZE
            while left > 0:
                n = min(left, 65536)
                self.transport.write(rng.randbytes(n))
                left -= n

    def rawDataReceived(self, data):
        self.received.update(data)
        self.got += len(data)
        if role == "server":
            self.transport.write(data)
        elif self.got == SIZE:
            self.transport.loseConnection()

    def connectionLost(self, reason):
        out("RECEIVED", self.got, self.received.hexdigest())
        out("LOST", reason.type.__name__, reason.getErrorMessage().replace("\n", " "))
        reactor.callLater(0, reactor.stop)


if role == "server":
    listening = reactor.listenTCP(0, protocol.Factory.forProtocol(Peer), interface="127.0.0.1")
    out("PORT", listening.getHost().port)
else:
    reactor.connectTCP("127.0.0.1", int(port), protocol.ClientFactory.forProtocol(Peer))
reactor.run()
