package dev.weft.junit;

import dev.weft.defer.Failure;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The local protocol every test of {@link TransportContract} connects: records its callbacks and any callback that runs
 * inside a transport call the suite guards.
 */
final class ContractProtocol extends AccumulatingProtocol {
    private final List<String> events = new ArrayList<>();
    private final List<Failure> reasons = new ArrayList<>();
    private boolean insideTransportCall;

    /** Creates the protocol; {@link TransportContract} connects it. */
    ContractProtocol() {}

    @Override
    public void connectionMade() {
        record("made");
        super.connectionMade();
    }

    @Override
    public void dataReceived(byte[] data) {
        record("data");
        super.dataReceived(data);
    }

    @Override
    public void bufferUpdated(int nbytes) {
        record("data");
        super.bufferUpdated(nbytes);
    }

    @Override
    public void connectionLost(Failure reason) {
        record("lost");
        reasons.add(reason);
        super.connectionLost(reason);
    }

    private void record(String event) {
        events.add(insideTransportCall ? "re-entrant " + event : event);
    }

    /**
     * {@return the callbacks so far, in order}: "made", "data" (once per delivery), "lost"; prefixed with "re-entrant "
     * when they ran inside a transport call the suite guarded.
     */
    public List<String> events() {
        return events;
    }

    /** {@return the reasons given to every {@code connectionLost}, in order} */
    public List<Failure> reasons() {
        return reasons;
    }

    /** Runs {@code call}, marking any callback that happens during it as re-entrant. */
    void guarded(Runnable call) {
        insideTransportCall = true;
        try {
            call.run();
        } finally {
            insideTransportCall = false;
        }
    }
}
