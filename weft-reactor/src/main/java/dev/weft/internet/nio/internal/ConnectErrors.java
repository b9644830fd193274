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
 * the JDK's exception as the cause. Each message keeps Twisted's text and ends with the address tried and what
 * to do. Thread-safe (stateless).
 */
public final class ConnectErrors {
    private ConnectErrors() {}

    /**
     * Returns the connect error for a failure of {@code connect} or {@code finishConnect} towards {@code
     * destination} ({@code host:port}, or a UNIX socket's path when {@code unix}).
     */
    public static ConnectError of(Throwable error, String destination, boolean unix) {
        if (error instanceof ConnectError known) {
            return known;
        }
        String where = connecting(destination);
        if (error instanceof UnknownHostException || error instanceof UnresolvedAddressException) {
            return new UnknownHostError(error, where + unknownHostHint());
        }
        if (error instanceof NoRouteToHostException) {
            return new NoRouteError(error, where + noRouteHint());
        }
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        if (error instanceof ConnectException || error instanceof IOException) {
            if (message.contains("refused")) {
                return new ConnectionRefusedError(error, where + refusedHint(unix));
            }
            if (message.contains("timed out")) {
                return new TCPTimedOutError(error, where + noAnswerHint());
            }
            if (message.contains("unreachable")) {
                return new NoRouteError(error, where + noRouteHint());
            }
            if (unix && message.contains("no such file")) {
                return new ConnectError(
                        error, where + "; no socket file is there, so start the server first or" + " check the path");
            }
        }
        return new ConnectError(error, where);
    }

    /** Returns the detail every connect error starts with: {@code "connecting to " + destination}. */
    static String connecting(String destination) {
        return "connecting to " + destination;
    }

    static String refusedHint(boolean unix) {
        return "; nothing listens there, so start the server first or check the " + (unix ? "path" : "host and port");
    }

    static String noAnswerHint() {
        return "; check that the host is up and that no firewall drops the traffic";
    }

    static String unknownHostHint() {
        return "; check the host name's spelling, or use an IP address such as 127.0.0.1";
    }

    private static String noRouteHint() {
        return "; this machine has no route to that address, so check the address and the network";
    }
}
