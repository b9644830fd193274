package dev.weft.protocols.basic;

/**
 * Receives strings framed by a 2-byte unsigned big-endian length prefix (at most 65535 bytes
 * each): Twisted's {@code Int16StringReceiver}. Override {@link #stringReceived(byte[])}; see
 * {@link IntNStringReceiver}.
 *
 * <p>Confined to the reactor thread.
 */
public abstract class Int16StringReceiver extends IntNStringReceiver {
    /** Creates a receiver with a 2-byte prefix and a maximum string length of 99999. */
    protected Int16StringReceiver() {
        super(2);
    }
}
