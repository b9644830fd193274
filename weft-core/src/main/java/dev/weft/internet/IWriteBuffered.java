package dev.weft.internet;

/**
 * A transport that can tell how many written bytes it still holds: asyncio's {@code get_write_buffer_size()}. A
 * server checks it to see what a slow peer has not taken yet, and to stop writing (or close) above its own limit.
 * The reactor's TCP transport and the TLS transport implement it. Confined to the reactor thread.
 */
public interface IWriteBuffered {
    /** {@return how many written bytes wait to be sent} */
    long bufferedBytes();
}
