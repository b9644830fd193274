package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;

/** A connection's on/off TCP options: read as off and refused when set on a UNIX-domain socket. */
final class TcpFlags {
    private TcpFlags() {}

    static boolean get(SocketChannel channel, boolean unix, SocketOption<Boolean> option, Object owner) {
        if (unix) {
            return false;
        }
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " of " + owner, e);
        }
    }

    static void set(SocketChannel channel, boolean unix, SocketOption<Boolean> option, boolean on, Object owner) {
        if (unix) {
            throw new UnsupportedOperationException(option + " does not apply to a UNIX-domain socket: " + owner
                    + "; set TCP options only on a connection whose getHost() is not a UNIXAddress");
        }
        try {
            channel.setOption(option, on);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + option + " of " + owner, e);
        }
    }
}
