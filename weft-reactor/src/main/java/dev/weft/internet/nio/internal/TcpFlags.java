package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * A connection's on/off TCP options: read as off and refused when set on a UNIX-domain socket; on a
 * connection that has closed and let go of its socket (a null channel), an {@link IllegalStateException}.
 */
final class TcpFlags {
    private TcpFlags() {}

    static boolean get(@Nullable SocketChannel channel, boolean unix, SocketOption<Boolean> option, Object owner) {
        if (unix) {
            return false;
        }
        try {
            return open(channel, option, owner).getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " of " + owner, e);
        }
    }

    static void set(
            @Nullable SocketChannel channel, boolean unix, SocketOption<Boolean> option, boolean on, Object owner) {
        if (unix) {
            throw new UnsupportedOperationException(option + " does not apply to a UNIX-domain socket: " + owner
                    + "; set TCP options only on a connection whose getHost() is not a UNIXAddress");
        }
        try {
            open(channel, option, owner).setOption(option, on);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + option + " of " + owner, e);
        }
    }

    private static SocketChannel open(@Nullable SocketChannel channel, SocketOption<Boolean> option, Object owner) {
        if (channel == null) {
            throw new IllegalStateException(owner + " has closed and let go of its socket: " + option
                    + " applies only to an open connection; read or set it before the connection is lost");
        }
        return channel;
    }
}
