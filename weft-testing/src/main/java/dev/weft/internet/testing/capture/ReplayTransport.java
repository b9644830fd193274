package dev.weft.internet.testing.capture;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.StringTransport;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Connects a protocol under replay to the recording: records its writes as {@link StringTransport} does, and turns its
 * closes, and the recorded peer's half-close and close, into the calls a real TCP transport makes. Calls the protocol
 * never makes from inside its own {@code write} or {@code loseConnection}: they wait for {@link #runPending()}, which
 * the replayer calls between events. Confined to the replaying thread.
 */
final class ReplayTransport extends StringTransport {
    private final IProtocol protocol;
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private boolean ended;
    private boolean peerHalfClosed;
    private boolean selfHalfClosed;
    private boolean closedByProtocol;

    ReplayTransport(IProtocol protocol) {
        this.protocol = protocol;
    }

    /** Drops writes made after the connection ended, as a real transport does. */
    @Override
    public void write(byte[] data) {
        if (!ended) {
            super.write(data);
        }
    }

    @Override
    public void loseConnection() {
        super.loseConnection();
        closedByProtocol = true;
        pending.add(() -> end(new Failure(ConnectionDone.withoutStackTrace())));
    }

    @Override
    public void abortConnection() {
        super.abortConnection();
        closedByProtocol = true;
        pending.add(() -> end(new Failure(new ConnectionAborted())));
    }

    @Override
    public void loseWriteConnection() {
        boolean first = !isWriteDisconnecting();
        super.loseWriteConnection();
        if (first) {
            pending.add(() -> {
                selfHalfClosed = true;
                if (protocol instanceof IHalfCloseableProtocol half && !ended) {
                    half.writeConnectionLost();
                }
                if (peerHalfClosed) {
                    end(new Failure(ConnectionDone.withoutStackTrace()));
                }
            });
        }
    }

    /** Delivers the recorded peer's FIN: {@code readConnectionLost}, or a close for other protocols. */
    void peerHalfClosed() {
        if (ended || peerHalfClosed) {
            return;
        }
        peerHalfClosed = true;
        if (protocol instanceof IHalfCloseableProtocol half) {
            half.readConnectionLost();
            if (selfHalfClosed) {
                end(new Failure(ConnectionDone.withoutStackTrace()));
            }
        } else {
            end(new Failure(ConnectionDone.withoutStackTrace()));
        }
    }

    /** Ends the connection the way the recording says the peer ended it. */
    void peerClosed(Failure reason) {
        end(reason);
    }

    /** Runs the callbacks the protocol's own calls asked for, in order. */
    void runPending() {
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    boolean ended() {
        return ended;
    }

    boolean closedByProtocol() {
        return closedByProtocol;
    }

    private void end(Failure reason) {
        if (!ended) {
            ended = true;
            protocol.connectionLost(reason);
        }
    }
}
