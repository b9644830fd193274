package dev.weft.protocols.tls;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The timers of one TLS connection, on the reactor's clock: the optional handshake timeout, and the
 * wait for the peer's {@code close_notify} after this end sent its own. Without a clock there are no
 * timers.
 *
 * <p>Confined to the reactor thread.
 */
final class Timers {
    private @Nullable IReactorTime clock;
    private @Nullable Duration handshakeTimeout;
    private @Nullable IDelayedCall handshakeTimer;
    private @Nullable IDelayedCall closeTimer;
    private boolean closeStarted;

    void clock(IReactorTime c) {
        clock = c;
    }

    /** {@return the clock, or null if the connection was given none} */
    @Nullable
    IReactorTime clock() {
        return clock;
    }

    void handshakeTimeout(IReactorTime c, Duration timeout) {
        clock = c;
        handshakeTimeout = timeout;
    }

    /** Starts the handshake timer, if there is a timeout; {@code onTimeout} gets the timeout. */
    void startHandshake(Consumer<Duration> onTimeout) {
        handshakeTimer = schedule(handshakeTimeout, onTimeout);
    }

    void handshakeDone() {
        handshakeTimer = cancel(handshakeTimer);
    }

    /** Starts the close_notify wait once per connection, if there is a clock and a timeout. */
    void startCloseWait(@Nullable Duration timeout, Consumer<Duration> onTimeout) {
        if (!closeStarted) {
            closeStarted = true;
            closeTimer = schedule(timeout, onTimeout);
        }
    }

    void cancelAll() {
        handshakeTimer = cancel(handshakeTimer);
        closeTimer = cancel(closeTimer);
    }

    private @Nullable IDelayedCall schedule(@Nullable Duration timeout, Consumer<Duration> onTimeout) {
        IReactorTime c = clock;
        if (c == null || timeout == null) {
            return null;
        }
        return c.callLater(timeout, () -> onTimeout.accept(timeout));
    }

    private static @Nullable IDelayedCall cancel(@Nullable IDelayedCall timer) {
        if (timer != null && timer.active()) {
            timer.cancel();
        }
        return null;
    }
}
