#!/usr/bin/python3
"""Times Twisted's own AccumulatingProtocol, for the side-by-side with weft's.

Feeds `dataReceived` a fixed chunk size until N bytes are held and prints, per size, the seconds
taken and the nanoseconds per byte: Twisted's `self.data += data` re-copies everything held on each
call, so the per-byte cost grows with the bytes held (quadratic in total).

    /usr/bin/python3 scripts/twisted-accumulating-bench.py [--chunk 65536] [--max 64M]

Needs Debian's python3-twisted. Sizes that would take longer than --budget seconds are skipped.
"""

import argparse
import time

from twisted.internet.testing import AccumulatingProtocol


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1].upper() in units:
        return int(text[:-1]) * units[text[-1].upper()]
    return int(text)


def run(total, chunk):
    p = AccumulatingProtocol()
    p.makeConnection(None)
    piece = b"x" * chunk
    calls = total // chunk
    start = time.perf_counter()
    for _ in range(calls):
        p.dataReceived(piece)
    elapsed = time.perf_counter() - start
    assert len(p.data) == calls * chunk
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunk", type=parse_size, default=65536)
    ap.add_argument("--max", type=parse_size, default=64 << 20)
    ap.add_argument("--budget", type=float, default=60.0)
    a = ap.parse_args()
    print("| bytes held | chunk | seconds | ns/byte |")
    print("|---:|---:|---:|---:|")
    size = 1 << 10
    last = 0.0
    while size <= a.max:
        if size >= a.chunk:
            if last * 4.5 > a.budget:
                print("| %d | %d | skipped (over budget) | |" % (size, a.chunk))
            else:
                last = run(size, a.chunk)
                print("| %d | %d | %.4f | %.2f |" % (size, a.chunk, last, last * 1e9 / size), flush=True)
        size *= 4


if __name__ == "__main__":
    main()
