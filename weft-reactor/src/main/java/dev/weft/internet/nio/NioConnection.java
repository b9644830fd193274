package dev.weft.internet.nio;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.nio.internal.Connection;
import dev.weft.internet.nio.internal.EventLoop;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * A connection of {@link NioReactor} as its protocol sees it: the internal {@link Connection}, which does all the
 * work, typed as the public {@link INioTransport}. It is declared here so that the internal package needs no type of
 * this one; {@link NioReactor} gives its loop this constructor to make each connection ({@link dev.weft.internet.nio.internal.ConnectionMaker}).
 *
 * <p>Confined to the reactor thread, as {@link Connection} is.
 */
final class NioConnection extends Connection implements INioTransport {
    NioConnection(
            EventLoop loop,
            SocketChannel channel,
            IProtocol protocol,
            IAddress host,
            IAddress peer,
            boolean unix,
            @Nullable Listener listener,
            Object description) {
        super(loop, channel, protocol, host, peer, unix, listener, description);
    }
}
