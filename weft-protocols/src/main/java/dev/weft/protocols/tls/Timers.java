package dev.weft.protocols.tls;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The timers of one TLS connection, on the reactor's clock: the optional handshake timeout. Without
 * a clock there are no timers.
 *
 * <p>Confined to the reactor thread.
 */
final class Timers {
    private @Nullable IReactorTime clock;
    private @Nullable Duration handshakeTimeout;
    private @Nullable IDelayedCall handshakeTimer;

    void handshakeTimeout(IReactorTime c, Duration timeout) {
        clock = c;
        handshakeTimeout = timeout;
    }

    /** Starts the handshake timer, if there is a timeout; {@code onTimeout} gets the timeout. */
    void startHandshake(java.util.function.Consumer<Duration> onTimeout) {
        IReactorTime c = clock;
        Duration t = handshakeTimeout;
        if (c != null && t != null) {
            handshakeTimer = c.callLater(t, () -> {
                handshakeTimer = null;
                onTimeout.accept(t);
            });
        }
    }

    void handshakeDone() {
        handshakeTimer = cancel(handshakeTimer);
    }

    void cancelAll() {
        handshakeTimer = cancel(handshakeTimer);
    }

    private static @Nullable IDelayedCall cancel(@Nullable IDelayedCall timer) {
        if (timer != null && timer.active()) {
            timer.cancel();
        }
        return null;
    }
}
