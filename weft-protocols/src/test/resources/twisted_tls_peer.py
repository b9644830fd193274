"""A live Twisted TLS peer (pyOpenSSL) for weft's interop tests.

usage: twisted_tls_peer.py server|client CERT KEY CA HOST PORT SIZE SEED CLOSER

Sends SIZE seeded pseudo-random bytes as a push producer while counting and hashing what arrives;
if CLOSER is "yes" it calls loseConnection once both directions are complete. Prints
"PORT <n>" (server), "HANDSHAKE <version> <cipher>", "SENT <sha256>", "RECEIVED <count> <sha256>"
and "LOST <type> <message>", then exits. The server verifies nothing; the client verifies the
server's certificate against CA and HOST (Twisted's optionsForClientTLS).
"""
import hashlib
import random
import sys

from twisted.internet import protocol, reactor, ssl
from twisted.internet.interfaces import IHandshakeListener, IPushProducer
from zope.interface import implementer

role, cert, key, ca, host, port, size, seed, closer = sys.argv[1:10]
SIZE = int(size)


def out(*words):
    print(*words, flush=True)


@implementer(IHandshakeListener, IPushProducer)
class Peer(protocol.Protocol):
    def connectionMade(self):
        self.rng = random.Random(int(seed))
        self.left = SIZE
        self.paused = False
        self.done = False
        self.sent = hashlib.sha256()
        self.received = hashlib.sha256()
        self.got = 0
        self.transport.registerProducer(self, True)
        reactor.callLater(0, self.produce)

    def handshakeCompleted(self):
        conn = self.transport.getHandle()
        out("HANDSHAKE", conn.get_protocol_version_name(), conn.get_cipher_name())

    def produce(self):
        while not self.paused and self.left > 0:
            n = min(self.left, 65536)
            chunk = self.rng.randbytes(n)
            self.sent.update(chunk)
            self.left -= n
            self.transport.write(chunk)
        if self.left == 0 and not self.done:
            self.done = True
            self.transport.unregisterProducer()
            out("SENT", self.sent.hexdigest())
            self.maybeClose()

    def pauseProducing(self):
        self.paused = True

    def resumeProducing(self):
        if self.paused:
            self.paused = False
            reactor.callLater(0, self.produce)

    def stopProducing(self):
        self.paused = True

    def dataReceived(self, data):
        self.received.update(data)
        self.got += len(data)
        if self.got == SIZE:
            out("RECEIVED", self.got, self.received.hexdigest())
            self.maybeClose()

    def maybeClose(self):
        if closer == "yes" and self.done and self.got == SIZE:
            self.transport.loseConnection()

    def connectionLost(self, reason):
        if self.got != SIZE:
            out("RECEIVED", self.got, self.received.hexdigest())
        out("LOST", reason.type.__name__, reason.getErrorMessage().replace("\n", " "))
        reactor.callLater(0, reactor.stop)


factory = protocol.Factory.forProtocol(Peer)
if role == "server":
    with open(cert) as c, open(key) as k:
        identity = ssl.PrivateCertificate.loadPEM(c.read() + "\n" + k.read())
    listening = reactor.listenSSL(0, factory, identity.options(), interface="127.0.0.1")
    out("PORT", listening.getHost().port)
else:
    with open(ca) as c:
        authority = ssl.Certificate.loadPEM(c.read())
    options = ssl.optionsForClientTLS(host, trustRoot=authority)
    reactor.connectSSL("127.0.0.1", int(port), protocol.ClientFactory.forProtocol(Peer), options)
reactor.run()
