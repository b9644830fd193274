package dev.weft.internet.nio.internal;

import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.NoRouteError;
import dev.weft.internet.TCPTimedOutError;
import dev.weft.internet.UnknownHostError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Maps the JDK's connect failures to Twisted's connect errors, as Twisted maps errno values: refused to
 * {@link ConnectionRefusedError}, unreachable to {@link NoRouteError}, a kernel timeout to {@link
 * TCPTimedOutError}, an unknown name to {@link UnknownHostError}, anything else to {@link ConnectError}, with
 * the JDK's exception as the cause. Thread-safe (stateless).
 */
public final class ConnectErrors {
    private ConnectErrors() {}

    /** Returns the connect error for a failure of {@code connect} or {@code finishConnect}. */
    public static ConnectError of(Throwable error) {
        if (error instanceof ConnectError known) {
            return known;
        }
        if (error instanceof UnknownHostException || error instanceof UnresolvedAddressException) {
            return new UnknownHostError(error, null);
        }
        if (error instanceof NoRouteToHostException) {
            return new NoRouteError(error, null);
        }
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        if (error instanceof ConnectException || error instanceof IOException) {
            if (message.contains("refused")) {
                return new ConnectionRefusedError(error, null);
            }
            if (message.contains("timed out")) {
                return new TCPTimedOutError(error, null);
            }
            if (message.contains("unreachable")) {
                return new NoRouteError(error, null);
            }
        }
        return new ConnectError(error, null);
    }
}
