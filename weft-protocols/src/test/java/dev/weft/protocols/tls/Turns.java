package dev.weft.protocols.tls;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.task.Clock;
import java.util.List;

/**
 * Reactor turns in memory: a {@code callLater(0)} made during {@link #turn()} runs at the next turn,
 * as on the reactor (a bare {@link Clock} runs it within the same {@code advance}, so a loop that
 * reschedules itself would never return). Confined to the test thread.
 */
final class Turns implements IReactorTime {
    /** The time one turn takes; every call is due one turn after its delay. */
    private static final double TURN = 0.001;

    private final Clock clock = new Clock();

    /** Runs the calls made before this turn began (those due by now). */
    void turn() {
        clock.advance(TURN);
    }

    /** Runs {@code n} turns. */
    void turns(int n) {
        for (int i = 0; i < n; i++) {
            turn();
        }
    }

    @Override
    public double seconds() {
        return clock.seconds();
    }

    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        return clock.callLater(delaySeconds + TURN, call);
    }

    @Override
    public List<IDelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }
}
