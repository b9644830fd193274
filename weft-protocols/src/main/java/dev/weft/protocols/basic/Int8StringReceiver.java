package dev.weft.protocols.basic;

/**
 * Receives strings framed by a 1-byte unsigned big-endian length prefix (at most 255 bytes
 * each): Twisted's {@code Int8StringReceiver}. Override {@link #stringReceived(byte[])}; see
 * {@link IntNStringReceiver}.
 *
 * <p>Confined to the reactor thread.
 */
public abstract class Int8StringReceiver extends IntNStringReceiver {
    /** Creates a receiver with a 1-byte prefix and a maximum string length of 99999. */
    protected Int8StringReceiver() {
        super(1);
    }
}
