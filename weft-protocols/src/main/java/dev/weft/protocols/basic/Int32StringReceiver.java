package dev.weft.protocols.basic;

/**
 * Twisted's {@code Int32StringReceiver}: strings framed by a 4-byte unsigned big-endian length prefix; see
 * {@link IntNStringReceiver}. Confined to the reactor thread.
 */
public abstract class Int32StringReceiver extends IntNStringReceiver {
    /** Creates a receiver with a 4-byte prefix and a maximum string length of 99999. */
    protected Int32StringReceiver() {
        super(4);
    }
}
