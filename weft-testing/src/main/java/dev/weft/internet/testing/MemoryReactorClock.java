package dev.weft.internet.testing;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A {@link MemoryReactor} that also keeps time: Twisted's {@code MemoryReactorClock}, the fake to
 * pass to code that both connects and schedules (a {@code ClientCreator}, a reconnecting factory, a
 * protocol with timeouts).
 *
 * <pre>{@code
 * MemoryReactorClock reactor = new MemoryReactorClock();
 * Deferred<Greeter> d = new ClientCreator<>(reactor, Greeter::new).connectTCP("example.com", 80);
 * TcpClientRecord attempt = reactor.tcpClients().get(0);
 * attempt.factory().buildProtocol(attempt.connector().getDestination());
 * reactor.advance(0);
 * }</pre>
 *
 * <p>Twisted's class inherits from both {@code MemoryReactor} and {@code Clock}; here the time
 * methods delegate to a {@link Clock} of its own ({@link #clock()}), so they behave exactly as that
 * class documents: time moves only by {@link #advance(double)}, and a call scheduled with {@code
 * callLater(0)} from inside a call runs in the same advance.
 *
 * <p>Confined to the test thread, except {@link #callFromThread(Runnable)}.
 */
public class MemoryReactorClock extends MemoryReactor implements IReactorTime {
    private final Clock clock = new Clock();

    /** Creates a reactor that has recorded nothing, at time 0.0 with no pending calls. */
    public MemoryReactorClock() {}

    /**
     * Returns the clock's current time.
     *
     * @return seconds, as moved by {@link #advance(double)}; 0.0 at first
     */
    @Override
    public double seconds() {
        return clock.seconds();
    }

    /**
     * Schedules {@code call} on the clock.
     *
     * @param delaySeconds how long to wait, in seconds
     * @param call what to run; an exception it throws escapes {@link #advance(double)}
     * @return the pending call
     * @throws IllegalArgumentException if {@code delaySeconds} is negative or not a number
     */
    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        return clock.callLater(delaySeconds, call);
    }

    /**
     * Returns the clock's pending calls.
     *
     * @return a snapshot of the calls that have neither run nor been cancelled
     */
    @Override
    public List<IDelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }

    /**
     * Moves the time forward and runs the calls that are then due, as {@link Clock#advance(double)}.
     *
     * @param amount seconds to move forward
     * @throws IllegalArgumentException if {@code amount} is negative or not a number
     */
    public void advance(double amount) {
        clock.advance(amount);
    }

    /**
     * Moves the time forward and runs the calls that are then due, as {@link Clock#advance(Duration)}.
     *
     * @param amount how far to move
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        clock.advance(amount);
    }

    /**
     * Advances once per value, in order, as {@link Clock#pump(double...)}.
     *
     * @param timings the amounts to advance by
     * @throws IllegalArgumentException if an amount is negative or not a number
     */
    public void pump(double... timings) {
        clock.pump(timings);
    }

    /**
     * Returns the clock the time methods delegate to, e.g. to give an {@link IOPump} the same time.
     *
     * @return this reactor's clock
     */
    public Clock clock() {
        return clock;
    }
}
