"""A Twisted peer for weft's interop tests (run by TwistedInteropTest with /usr/bin/python3).

Usage:
    twisted_peer.py server SIZE SEED EXPECT CLOSER       listen on 127.0.0.1:0, print "PORT <n>"
    twisted_peer.py client PORT SIZE SEED EXPECT CLOSER  connect to 127.0.0.1:PORT

On its one connection the peer sends SIZE bytes from random.Random(SEED) in chunks of random sizes
(as a streaming producer, so Twisted's flow control is honoured) while it receives. Once it has sent
everything and received EXPECT bytes it prints
    RECEIVED <count> <sha256 hex>
    SENT <count> <sha256 hex>
and, if CLOSER is "twisted", calls loseConnection(); if CLOSER is "weft" it waits for weft to close.
When the connection is lost it prints "LOST <reason class name>" and stops the reactor.
"""

import hashlib
import random
import sys

from twisted.internet import reactor
from twisted.internet.interfaces import IPushProducer
from twisted.internet.protocol import ClientFactory, Factory, Protocol
from zope.interface import implementer

MAX_CHUNK = 200_000


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@implementer(IPushProducer)
class Peer(Protocol):
    def __init__(self, size, seed, expect, closer):
        self.rng = random.Random(seed)
        self.left = size
        self.size = size
        self.expect = expect
        self.closer = closer
        self.sent_hash = hashlib.sha256()
        self.received_hash = hashlib.sha256()
        self.received = 0
        self.paused = False
        self.done_sending = False
        self.finished = False

    def connectionMade(self):
        self.transport.registerProducer(self, True)
        self.produce()

    def produce(self):
        while not self.paused and self.left > 0:
            n = min(self.left, self.rng.randint(1, MAX_CHUNK))
            data = self.rng.randbytes(n)
            self.sent_hash.update(data)
            self.left -= n
            self.transport.write(data)
        if self.left == 0 and not self.done_sending:
            self.done_sending = True
            self.transport.unregisterProducer()
            self.maybe_finish()

    def pauseProducing(self):
        self.paused = True

    def resumeProducing(self):
        self.paused = False
        self.produce()

    def stopProducing(self):
        self.paused = True

    def dataReceived(self, data):
        self.received_hash.update(data)
        self.received += len(data)
        self.maybe_finish()

    def maybe_finish(self):
        if self.finished or not self.done_sending or self.received < self.expect:
            return
        self.finished = True
        say("RECEIVED %d %s" % (self.received, self.received_hash.hexdigest()))
        say("SENT %d %s" % (self.size, self.sent_hash.hexdigest()))
        if self.closer == "twisted":
            self.transport.loseConnection()

    def connectionLost(self, reason):
        if not self.finished:
            say("RECEIVED %d %s" % (self.received, self.received_hash.hexdigest()))
        say("LOST %s" % reason.type.__name__)
        reactor.callLater(0, reactor.stop)


class PeerClientFactory(ClientFactory):
    def __init__(self, make):
        self.make = make

    def buildProtocol(self, addr):
        return self.make()

    def clientConnectionFailed(self, connector, reason):
        say("FAILED %s" % reason.getErrorMessage())
        reactor.callLater(0, reactor.stop)


def main(argv):
    mode = argv[1]
    if mode == "server":
        size, seed, expect, closer = int(argv[2]), int(argv[3]), int(argv[4]), argv[5]
        factory = Factory.forProtocol(lambda: Peer(size, seed, expect, closer))
        port = reactor.listenTCP(0, factory, interface="127.0.0.1")
        say("PORT %d" % port.getHost().port)
    elif mode == "client":
        target, size, seed, expect, closer = int(argv[2]), int(argv[3]), int(argv[4]), int(argv[5]), argv[6]
        reactor.connectTCP("127.0.0.1", target, PeerClientFactory(lambda: Peer(size, seed, expect, closer)))
    else:
        raise SystemExit("unknown mode %r: use server or client" % mode)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv)
