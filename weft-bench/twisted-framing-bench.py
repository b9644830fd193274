#!/usr/bin/python3
"""Twisted 22.4's own framing figures, for weft-bench/README.md (run once with Debian's python3-twisted).

    /usr/bin/python3 weft-bench/twisted-framing-bench.py            # all cells, then the long-line curve

The same streams as FramingBenchmark (about 256 KiB of CR LF lines or Int32 frames, at least 8
frames, the same content) fed to twisted.protocols.basic.LineReceiver / Int32StringReceiver over a
StringTransport in reads of 65536 bytes and of 1 byte; prints frames/s, the best of 3 runs. Then
LongLineBenchmark's curve: one line of 16 KiB .. 256 KiB fed one byte per read, ns per byte.
"""

import sys
import time

from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int32StringReceiver, LineReceiver


def stream(cell, total=256 * 1024):
    kind, size = cell.split("-")
    size = int(size)
    lines = kind == "lines"
    frames = max(8, total // (size + (2 if lines else 4)))
    out = bytearray()
    for f in range(frames):
        if not lines:
            out += size.to_bytes(4, "big")
        out += bytes(32 + (f * 31 + k * 17) % 95 for k in range(size))
        if lines:
            out += b"\r\n"
    return bytes(out), frames


class Lines(LineReceiver):
    MAX_LENGTH = 2 << 20
    count = 0

    def lineReceived(self, line):
        self.count += 1


class Int32(Int32StringReceiver):
    MAX_LENGTH = 2 << 20
    count = 0

    def stringReceived(self, string):
        self.count += 1


def feed(cell, data, read):
    p = Lines() if cell.startswith("lines") else Int32()
    p.makeConnection(StringTransport())
    pieces = [data[i:i + read] for i in range(0, len(data), read)]
    start = time.perf_counter()
    for piece in pieces:
        p.dataReceived(piece)
    return time.perf_counter() - start, p.count


def main():
    import twisted
    print("Twisted %s, Python %s" % (twisted.__version__, sys.version.split()[0]))
    for cell in ("lines-16", "lines-128", "lines-4096", "int32-16", "int32-1024", "int32-65536"):
        data, frames = stream(cell)
        for read in (65536, 1):
            runs = 3 if read > 1 else 1
            best = None
            for _ in range(runs):
                seconds, count = feed(cell, data, read)
                assert count == frames, (cell, read, count, frames)
                best = seconds if best is None else min(best, seconds)
            print("%-12s reads of %5d B: %12.0f frames/s  (%d frames in %.3f s)"
                  % (cell, read, frames / best, frames, best))
    for size in (16384, 65536, 262144):
        line = b"x" * size + b"\r\n"
        seconds, count = feed("lines-%d" % size, line, 1)
        assert count == 1
        print("long line %7d B, 1-byte reads: %8.1f ns/byte  (%.2f s)" % (size, seconds * 1e9 / len(line), seconds))


if __name__ == "__main__":
    main()
