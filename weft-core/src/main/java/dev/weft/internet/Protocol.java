package dev.weft.internet;

import dev.weft.defer.Failure;
import org.jspecify.annotations.Nullable;

/**
 * The class to extend to write a protocol: Twisted's {@code Protocol}. Override {@link
 * #connectionMade()}, {@link #dataReceived(byte[])} and {@link #connectionLost(Failure)}, and write
 * through {@link #transport()}.
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

    /**
     * Handles bytes from the peer; does nothing unless overridden.
     * @param data the bytes; the array belongs to this protocol
     */
    @Override
    public void dataReceived(byte[] data) {}

    /**
     * Reacts to the end of the connection; does nothing unless overridden.
     * @param reason why the connection ended
     */
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

    /**
     * Sets the factory this protocol belongs to.
     * @param factory the factory, or null to clear it
     */
    public void setFactory(@Nullable IProtocolFactory factory) {
        this.factory = factory;
    }
}
