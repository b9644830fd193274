package dev.weft.internet;

import dev.weft.defer.Failure;

/**
 * Handles one connection's events: Twisted's {@code IProtocol}. Most protocols extend {@link
 * Protocol} rather than implement this directly.
 *
 * <p>Every transport, real or fake, keeps this contract: {@link #makeConnection} (and through it
 * {@link #connectionMade}) comes first, then any number of {@link #dataReceived} calls, then exactly
 * one {@link #connectionLost}, after which nothing else is called.
 *
 * <p>Confined to the reactor thread: every method is called on it and must not block.
 */
public interface IProtocol {
    /**
     * Connects this protocol to {@code transport} and then calls {@link #connectionMade()}.
     *
     * @param transport the transport this protocol writes to from now on
     */
    void makeConnection(ITransport transport);

    /**
     * Reacts to the connection being made; the place to send a greeting. Called once, from {@link
     * #makeConnection}, before any {@link #dataReceived}.
     */
    void connectionMade();

    /**
     * Handles bytes that arrived from the peer.
     *
     * <p>Chunking is arbitrary: one message of the peer may arrive in many calls and many messages in
     * one, so a protocol buffers what it cannot handle yet. Test a protocol by feeding its input
     * whole, split at every boundary, and one byte at a time.
     *
     * @param data the bytes (weft's transports never pass an empty array); the array belongs to the
     *     protocol from now on (the caller keeps no reference), so it may be kept without copying
     */
    void dataReceived(byte[] data);

    /**
     * Reacts to the end of the connection. Called exactly once, last.
     *
     * @param reason why the connection ended: usually a {@link ConnectionDone} (clean close) or a
     *     {@link ConnectionLost} (unclean, including {@link ConnectionAborted}); it may also wrap the
     *     exception that a callback of this protocol threw
     */
    void connectionLost(Failure reason);
}
