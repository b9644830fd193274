package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AccumulatingProtocol} that can fire a Deferred once it holds a given number of bytes, so
 * tests wait for data without polling. Confined to the reactor thread.
 */
class Sink extends AccumulatingProtocol {
    private final List<Long> thresholds = new ArrayList<>();
    private final List<Deferred<Void>> waiting = new ArrayList<>();

    /** Returns a Deferred that fires once at least {@code n} bytes have arrived. */
    Deferred<Void> received(long n) {
        Deferred<Void> d = new Deferred<>();
        thresholds.add(n);
        waiting.add(d);
        check();
        return d;
    }

    @Override
    public void dataReceived(byte[] data) {
        super.dataReceived(data);
        check();
    }

    @Override
    public void bufferUpdated(int nbytes) {
        super.bufferUpdated(nbytes);
        check();
    }

    private void check() {
        for (int i = thresholds.size() - 1; i >= 0; i--) {
            if (dataSize() >= thresholds.get(i)) {
                thresholds.remove(i);
                waiting.remove(i).callback(null);
            }
        }
    }
}
