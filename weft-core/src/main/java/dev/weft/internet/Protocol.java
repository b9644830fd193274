package dev.weft.internet;

import dev.weft.defer.Failure;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code Protocol}: the class to extend to write a protocol. Override {@link #connectionMade()}, {@link
 * #dataReceived(byte[])} and {@link #connectionLost(Failure)}, and write through {@link #transport()}.
 *
 * <pre>{@code
 * final class Echo extends Protocol {
 *     @Override
 *     public void dataReceived(byte[] data) {
 *         transport().write(data);
 *     }
 * }
 * ServerFactory factory = ServerFactory.forProtocol(Echo::new);
 * }</pre>
 *
 * <p>Confined to the reactor thread.
 */
public class Protocol extends BaseProtocol implements IProtocol {
    private @Nullable IProtocolFactory factory;

    /** Creates a protocol that is not connected yet and has no factory. */
    public Protocol() {}

    /** Handles bytes from the peer (the array belongs to this protocol); does nothing unless overridden. */
    @Override
    public void dataReceived(byte[] data) {}

    /** Reacts to the end of the connection; does nothing unless overridden. */
    @Override
    public void connectionLost(Failure reason) {}

    /** {@return the prefix that identifies this protocol in log messages} */
    public String logPrefix() {
        return Factory.nameOf(getClass());
    }

    /** {@return the factory that built this protocol, or null} */
    public @Nullable IProtocolFactory factory() {
        return factory;
    }

    /** Sets the factory this protocol belongs to, or null to clear it. */
    public void setFactory(@Nullable IProtocolFactory factory) {
        this.factory = factory;
    }
}
