package dev.weft.protocols.basic;

/**
 * Twisted's {@code Int8StringReceiver}: strings of up to 255 bytes framed by a 1-byte unsigned
 * big-endian length prefix; see {@link IntNStringReceiver}. Confined to the reactor thread.
 */
public abstract class Int8StringReceiver extends IntNStringReceiver {
    /** Creates a receiver with a 1-byte prefix and a maximum string length of 99999. */
    protected Int8StringReceiver() {
        super(1);
    }
}
