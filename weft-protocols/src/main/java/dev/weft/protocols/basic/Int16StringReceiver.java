package dev.weft.protocols.basic;

/**
 * Twisted's {@code Int16StringReceiver}: strings of up to 65535 bytes framed by a 2-byte unsigned
 * big-endian length prefix; see {@link IntNStringReceiver}. Confined to the reactor thread.
 */
public abstract class Int16StringReceiver extends IntNStringReceiver {
    /** Creates a receiver with a 2-byte prefix and a maximum string length of 99999. */
    protected Int16StringReceiver() {
        super(2);
    }
}
