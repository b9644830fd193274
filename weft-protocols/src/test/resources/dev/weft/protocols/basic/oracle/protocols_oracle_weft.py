#!/usr/bin/python3
"""
Real Twisted with weft's one deliberate change to IntNStringReceiver (DEVIATIONS.md, "a synchronous
resumeProducing() inside stringReceived"): resumeProducing() called while a dataReceived of the same
receiver is running lifts the pause and forwards it to the transport, but does not call
dataReceived(b"") again; the running loop goes on with the next string.  Everything else is the
protocols oracle unchanged.

    /usr/bin/python3 protocols_oracle_weft.py ORACLE run PROGRAMS.json > traces.json

ORACLE is the path of shared/tools/protocols-oracle/protocols_oracle.py; the arguments after it are
the oracle's own.
"""
import importlib.util
import sys

from twisted.protocols import basic


def _load(path):
    spec = importlib.util.spec_from_file_location("protocols_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_twisted_data_received = basic.IntNStringReceiver.dataReceived


def _data_received(self, data):
    self._weft_depth = getattr(self, "_weft_depth", 0) + 1
    try:
        return _twisted_data_received(self, data)
    finally:
        self._weft_depth -= 1


def _resume_producing(self):
    # Twisted's _PauseableMixin.resumeProducing, with the re-entry guarded.
    self.paused = False
    self.transport.resumeProducing()
    if not getattr(self, "_weft_depth", 0):
        self.dataReceived(b"")


basic.IntNStringReceiver.dataReceived = _data_received
basic.IntNStringReceiver.resumeProducing = _resume_producing

if __name__ == "__main__":
    oracle = _load(sys.argv[1])
    sys.exit(oracle.main(sys.argv[2:]))
