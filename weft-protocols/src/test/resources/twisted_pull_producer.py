"""Twisted's own answer for a pull producer on a TLS transport, for weft's comparison.

usage: twisted_pull_producer.py CERT KEY PIECES

Over loopback TCP, with Twisted at both ends: the TLS client registers a pull producer
(streaming=False) in connectionMade, before the handshake. Each resumeProducing() writes a
1000-byte piece; the call after the last piece unregisters the producer and calls
loseConnection. Prints "CALLS <flags>" (for each call, T if the client's handshake was done,
F if not, S for a stopProducing), "RECEIVED <count>" and "LOST <type>", then exits.
"""
import sys

from twisted.internet import protocol, reactor, ssl
from twisted.internet.interfaces import IPullProducer
from twisted.protocols.tls import TLSMemoryBIOFactory
from zope.interface import implementer

cert, key, pieces = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = []
received = [0]


def out(*words):
    print(*words, flush=True)


@implementer(IPullProducer)
class Pieces:
    def __init__(self, tls):
        self.tls = tls
        self.sent = 0

    def resumeProducing(self):
        calls.append("T" if self.tls._handshakeDone else "F")
        if self.sent == pieces:
            self.tls.unregisterProducer()
            self.tls.loseConnection()
            return
        self.sent += 1
        self.tls.write(b"x" * 1000)

    def stopProducing(self):
        calls.append("S")


class Sender(protocol.Protocol):
    def connectionMade(self):
        self.transport.registerProducer(Pieces(self.transport), False)


class Receiver(protocol.Protocol):
    def dataReceived(self, data):
        received[0] += len(data)

    def connectionLost(self, reason):
        out("CALLS", "".join(calls))
        out("RECEIVED", received[0])
        out("LOST", reason.type.__name__)
        reactor.stop()


with open(cert, "rb") as c, open(key, "rb") as k:
    identity = ssl.PrivateCertificate.loadPEM(c.read() + k.read())
server = TLSMemoryBIOFactory(identity.options(), False, protocol.Factory.forProtocol(Receiver))
port = reactor.listenTCP(0, server, interface="127.0.0.1")
client = TLSMemoryBIOFactory(
    ssl.CertificateOptions(verify=False), True, protocol.ClientFactory.forProtocol(Sender))
reactor.connectTCP("127.0.0.1", port.getHost().port, client)
reactor.callLater(60, reactor.stop)
reactor.run()
