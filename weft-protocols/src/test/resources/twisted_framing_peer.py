"""A Twisted framing peer for weft's interop tests (run by TwistedFramingInteropTest, /usr/bin/python3).

Usage:
    twisted_framing_peer.py server FRAMING COUNT      listen on 127.0.0.1:0, print "PORT <n>"
    twisted_framing_peer.py client FRAMING COUNT PORT connect to 127.0.0.1:PORT

FRAMING is "lines" (twisted.protocols.basic.LineReceiver, CR LF) or "int32" (Int32StringReceiver).
On its one connection the peer sends COUNT frames, frame(i) for i in 0..COUNT-1 (the same generator
as the Java test's), and checks that the i-th frame it receives is frame(i). When it has received
COUNT frames it prints "RECEIVED <count> <mismatches> <sha256 of the received frames>" and waits
for weft to close; on connectionLost it prints "LOST <reason class>" and stops.
"""

import hashlib
import sys

from twisted.internet import reactor
from twisted.internet.protocol import ClientFactory, Factory
from twisted.protocols.basic import Int32StringReceiver, LineReceiver


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def frame(framing, i):
    """Frame i: lines are printable ASCII (no CR or LF), int32 frames any byte; some are long."""
    if framing == "lines":
        n = 15000 if i % 1000 == 999 else (i * 7919) % 997
        return bytes(((i * 31 + k * 17) % 95) + 32 for k in range(n))
    n = 70000 if i % 1000 == 999 else (i * 7919) % 2003
    return bytes((i * 131 + k * 29) & 0xFF for k in range(n))


class Checker:
    def __init__(self, framing, count):
        self.framing = framing
        self.count = count
        self.received = 0
        self.mismatches = 0
        self.digest = hashlib.sha256()

    def sendAll(self, send):
        for i in range(self.count):
            send(frame(self.framing, i))

    def got(self, data):
        if data != frame(self.framing, self.received):
            self.mismatches += 1
        self.digest.update(data)
        self.received += 1
        if self.received == self.count:
            say("RECEIVED %d %d %s" % (self.received, self.mismatches, self.digest.hexdigest()))


class Lines(LineReceiver):
    MAX_LENGTH = 100000

    def connectionMade(self):
        self.checker = Checker("lines", self.factory.count)
        self.checker.sendAll(self.sendLine)

    def lineReceived(self, line):
        self.checker.got(line)

    def connectionLost(self, reason):
        say("LOST " + reason.type.__name__)
        reactor.stop()


class Int32(Int32StringReceiver):
    MAX_LENGTH = 100000

    def connectionMade(self):
        self.checker = Checker("int32", self.factory.count)
        self.checker.sendAll(self.sendString)

    def stringReceived(self, string):
        self.checker.got(string)

    def connectionLost(self, reason):
        say("LOST " + reason.type.__name__)
        reactor.stop()


def main(argv):
    role, framing, count = argv[1], argv[2], int(argv[3])
    protocol = {"lines": Lines, "int32": Int32}[framing]
    if role == "server":
        factory = Factory.forProtocol(protocol)
        factory.count = count
        port = reactor.listenTCP(0, factory, interface="127.0.0.1")
        say("PORT %d" % port.getHost().port)
    else:
        factory = ClientFactory.forProtocol(protocol)
        factory.count = count

        def failed(connector, reason):
            say("LOST " + reason.type.__name__)
            reactor.stop()

        factory.clientConnectionFailed = failed
        reactor.connectTCP("127.0.0.1", int(argv[4]), factory)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv)
