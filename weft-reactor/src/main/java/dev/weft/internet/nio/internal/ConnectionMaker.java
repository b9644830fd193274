package dev.weft.internet.nio.internal;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Makes the connections of an {@link EventLoop}: the public package gives the constructor of its subclass of {@link
 * Connection}, the one that adds {@code INioTransport}, so that this package needs no type of the public one.
 *
 * <p>Called on the reactor thread.
 */
@FunctionalInterface
public interface ConnectionMaker {
    /**
     * Creates a connection over a connected channel, not started; the parameters are those of {@link
     * Connection#Connection}.
     *
     * @return the connection
     */
    Connection make(
            EventLoop loop,
            SocketChannel channel,
            IProtocol protocol,
            IAddress host,
            IAddress peer,
            boolean unix,
            Connection.@Nullable Listener listener,
            Object description);
}
