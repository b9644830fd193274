package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sink} that records its callbacks in order ("made", "data", "readLost", "writeLost", "lost
 * ConnectionDone"), snapshots its transport's state inside connectionLost, and can be told to throw
 * from a callback or to pause reading when made. Confined to the reactor thread.
 */
class Recorder extends Sink {
    final List<String> events = new ArrayList<>();
    String throwIn = "";
    boolean pauseWhenMade;
    boolean connectedInLost = true;
    boolean disconnectedInLost;
    static boolean inWrite;
    static int calledDuringWrite;

    @Override
    public void connectionMade() {
        note("made");
        if (pauseWhenMade) {
            ((INioTransport) transport()).pauseProducing();
        }
        super.connectionMade();
        maybeThrow("connectionMade");
    }

    @Override
    public void bufferUpdated(int nbytes) {
        note("data");
        super.bufferUpdated(nbytes);
        maybeThrow("dataReceived");
    }

    @Override
    public void dataReceived(byte[] data) {
        note("data");
        super.dataReceived(data);
        maybeThrow("dataReceived");
    }

    @Override
    public void connectionLost(Failure reason) {
        note("lost " + reason.type().getSimpleName());
        INioTransport t = (INioTransport) transport();
        connectedInLost = t.isConnected();
        disconnectedInLost = t.isDisconnected();
        super.connectionLost(reason);
        maybeThrow("connectionLost");
    }

    void note(String event) {
        if (inWrite) {
            calledDuringWrite++;
        }
        events.add(event);
    }

    void maybeThrow(String method) {
        if (throwIn.equals(method)) {
            throw new IllegalStateException("thrown on purpose by " + method);
        }
    }

    /** Writes with the "inside write" flag up, so a callback made synchronously by write is noticed. */
    static void writeWatched(INioTransport transport, byte[] data) {
        inWrite = true;
        try {
            transport.write(data);
        } finally {
            inWrite = false;
        }
    }

    /** A recorder that is also half-closeable, like Twisted's MyHCProtocol. */
    static class HalfCloseable extends Recorder implements IHalfCloseableProtocol {
        final Deferred<Void> readLost = new Deferred<>();
        final Deferred<Void> writeLost = new Deferred<>();
        boolean readHalfClosed;
        boolean writeHalfClosed;

        @Override
        public void readConnectionLost() {
            note("readLost");
            readHalfClosed = true;
            readLost.callback(null);
            maybeThrow("readConnectionLost");
        }

        @Override
        public void writeConnectionLost() {
            note("writeLost");
            writeHalfClosed = true;
            writeLost.callback(null);
            maybeThrow("writeConnectionLost");
        }
    }
}
