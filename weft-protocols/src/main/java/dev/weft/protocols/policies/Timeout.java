package dev.weft.protocols.policies;

import dev.weft.internet.BaseProtocol;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code TimeoutMixin}: one idle timeout for a connection. Java has no mixins, so the protocol owns a
 * {@code Timeout} and calls the mixin's methods on it: {@link #setTimeout(Duration)} arms, changes or (with
 * {@code null}) cancels the timeout and returns the previous period, {@link #resetTimeout()} restarts the count
 * (call it on meaningful input), and when the period passes with no reset the timeout runs the protocol's {@code
 * timeoutConnection} action once. As in Twisted nothing resets or cancels it by itself: reset it where input
 * arrives, and cancel it in {@code connectionLost}.
 *
 * <pre>{@code
 * final class Chat extends LineReceiver {
 *     private final Timeout timeout;
 *
 *     Chat(IReactorTime clock) {
 *         timeout = new Timeout(clock, this::timeoutConnection);
 *     }
 *
 *     @Override
 *     public void connectionMade() {
 *         timeout.setTimeout(Duration.ofMinutes(5));
 *     }
 *
 *     @Override
 *     public void lineReceived(byte[] line) {
 *         timeout.resetTimeout();
 *         sendLine(line);
 *     }
 *
 *     @Override
 *     public void connectionLost(Failure reason) {
 *         timeout.setTimeout(null);
 *     }
 *
 *     private void timeoutConnection() {
 *         sendLine("idle for 5 minutes, bye".getBytes(US_ASCII));
 *         transport().loseConnection();
 *     }
 * }
 * }</pre>
 *
 * <p>The clock is Twisted's {@code callLater}: the reactor in production, a {@code Clock} in tests. {@link
 * #losingConnection} gives Twisted's default action, {@code transport().loseConnection()}. Unlike Twisted, a timeout
 * call cancelled by someone else (a reactor that stops) is forgotten rather than an error: {@link #resetTimeout()}
 * then does nothing and {@link #setTimeout(Duration)} arms a new one (DEVIATIONS.md). Confined to the clock's
 * thread (the reactor thread).
 */
public final class Timeout {
    private final IReactorTime clock;
    private final Runnable timeoutConnection;
    private @Nullable Duration timeOut;
    private @Nullable IDelayedCall call;

    /**
     * Creates a timeout, not armed, that runs {@code timeoutConnection} on {@code clock} when it expires; what that
     * throws, the clock reports (a reactor logs it, {@code Clock.advance} rethrows it).
     */
    public Timeout(IReactorTime clock, Runnable timeoutConnection) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeoutConnection = Objects.requireNonNull(timeoutConnection, "timeoutConnection");
    }

    /**
     * Creates a timeout, not armed, whose expiry calls {@code protocol.transport().loseConnection()}: Twisted's
     * default {@code timeoutConnection}.
     */
    public static Timeout losingConnection(IReactorTime clock, BaseProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new Timeout(clock, () -> protocol.transport().loseConnection());
    }

    /**
     * Sets the period (Twisted's {@code setTimeout}): arms the timeout to expire {@code period} from now, moves an
     * armed one to {@code period} from now, or with {@code null} cancels it.
     * @return the previous period, or null if there was none
     * @throws IllegalArgumentException if {@code period} is negative; nothing changes
     */
    public @Nullable Duration setTimeout(@Nullable Duration period) {
        if (period != null && period.isNegative()) {
            throw new IllegalArgumentException("a timeout period must not be negative, got " + period
                    + "; use setTimeout(null) to cancel the timeout");
        }
        Duration previous = timeOut;
        timeOut = period;
        IDelayedCall pending = pendingCall();
        if (pending != null) {
            if (period == null) {
                pending.cancel();
                call = null;
            } else {
                pending.reset(seconds(period));
            }
        } else if (period != null) {
            call = clock.callLater(seconds(period), this::timedOut);
        }
        return previous;
    }

    /**
     * Sets the period in seconds, as Twisted's {@code setTimeout(30)}; see {@link #setTimeout(Duration)}.
     * @throws IllegalArgumentException if {@code seconds} is negative, NaN or infinite; nothing changes
     */
    public @Nullable Duration setTimeout(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("a timeout period must be a finite number of seconds, 0 or more, got "
                    + seconds + "; use setTimeout(null) to cancel the timeout");
        }
        return setTimeout(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /**
     * Restarts the count: the timeout now expires a whole period from now. Does nothing when the timeout is not
     * armed: never set, cancelled, or already expired.
     */
    public void resetTimeout() {
        IDelayedCall pending = pendingCall();
        Duration period = timeOut;
        if (pending != null && period != null) {
            pending.reset(seconds(period));
        }
    }

    /** {@return the period (Twisted's {@code timeOut})}, or null if none was set or it was set to null. */
    public @Nullable Duration timeOut() {
        return timeOut;
    }

    /** {@return whether the timeout is armed}: set, and neither cancelled nor expired since. */
    public boolean isArmed() {
        return pendingCall() != null;
    }

    /** Returns the armed call, forgetting one that was cancelled by someone else. */
    private @Nullable IDelayedCall pendingCall() {
        IDelayedCall c = call;
        if (c != null && !c.active()) {
            call = null;
            return null;
        }
        return c;
    }

    private void timedOut() {
        call = null;
        timeoutConnection.run();
    }

    private static double seconds(Duration period) {
        return period.getSeconds() + period.getNano() / 1e9;
    }
}
