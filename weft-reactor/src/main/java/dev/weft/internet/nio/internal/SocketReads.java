package dev.weft.internet.nio.internal;

import dev.weft.internet.IBufferedProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * How a {@link Connection} reads its socket and hands the bytes to its protocol (or TLS layer). What an
 * end of stream, a read error or a callback's exception then does to the connection is the connection's.
 *
 * <p>On {@code OP_READ} a connection reads up to {@value Connection#READS_PER_WAKEUP} times, stopping
 * early when a read returns less than it asked for, when the protocol pauses or closes, or at end of
 * stream. An {@link IBufferedProtocol} whose {@code dataReceived} is not overridden below its buffer
 * methods ({@link IBufferedProtocol#bufferPathOf}) is read into the buffer it returns ({@code
 * getBuffer(sizeHint)}, {@code read}, {@code bufferUpdated(n)}; nothing is allocated): straight from
 * the kernel if the buffer is direct, through the loop's direct read buffer (one copy, as the JDK
 * itself would make) if it is a heap buffer. Other protocols get {@code dataReceived} with a new array
 * holding exactly the bytes read, copied once from the reactor's shared direct read buffer.
 *
 * <p>Confined to the reactor thread; stateless (the state is the connection's).
 */
final class SocketReads {
    private SocketReads() {}

    /**
     * Reads until the socket has nothing more, at most {@value Connection#READS_PER_WAKEUP} times. A read
     * that returns less than it asked for ends it, unless {@code toTheEnd}: then only an empty read or
     * the end of stream does (the first read of an accepted connection, which may find its FIN too).
     */
    static void read(Connection c, SocketChannel ch, boolean toTheEnd) {
        for (int i = 0; i < Connection.READS_PER_WAKEUP && c.isReading(); i++) {
            if (!readOnce(c, ch, toTheEnd)) {
                return;
            }
        }
    }

    /**
     * Reads and delivers, through the usual path, everything still readable, even while the protocol
     * has paused its reading: the connection ends right after, so this is its last chance. Stops at an
     * empty read, the end of stream or a read error (none of them is the reason of the loss), or when
     * the protocol closes, aborts or fails; also at once if the read side was closed already.
     */
    static void readRemaining(Connection c, SocketChannel ch) {
        while (c.mayReadRemaining()) {
            if (!readOnce(c, ch, true)) {
                return;
            }
        }
    }

    private static boolean readOnce(Connection c, SocketChannel ch, boolean toTheEnd) {
        IBufferedProtocol b = c.buffered(); // startTLS may have changed it
        return b != null ? readInto(c, ch, b, toTheEnd) : readArray(c, ch, toTheEnd);
    }

    /** Reads once into the protocol's own buffer; returns whether to read again. */
    private static boolean readInto(Connection c, SocketChannel ch, IBufferedProtocol b, boolean toTheEnd) {
        ByteBuffer target;
        try {
            target = b.getBuffer(EventLoop.READ_BUFFER_SIZE);
            if (!target.hasRemaining() || target.isReadOnly()) {
                throw new IllegalStateException(
                        c.protocolName() + ".getBuffer returned a buffer with no writable space: " + target);
            }
        } catch (Throwable t) {
            c.callbackFailed("getBuffer", t);
            return false;
        }
        int requested;
        int n;
        try {
            if (target.isDirect()) {
                requested = target.remaining();
                n = ch.read(target);
            } else {
                // The JDK would read a heap buffer through a temporary direct buffer as large as the
                // heap buffer; make that one copy through the loop's bounded read buffer instead.
                ByteBuffer readBuffer = c.readBuffer();
                readBuffer.clear();
                requested = Math.min(readBuffer.capacity(), target.remaining());
                readBuffer.limit(requested);
                n = ch.read(readBuffer);
                if (n > 0) {
                    target.put(readBuffer.flip());
                }
            }
        } catch (IOException e) {
            c.readFailed(e);
            return false;
        }
        if (n <= 0) {
            return c.nothingRead(n);
        }
        try {
            b.bufferUpdated(n);
        } catch (Throwable t) {
            c.callbackFailed("bufferUpdated", t);
            return false;
        }
        return toTheEnd || n == requested;
    }

    /** Reads once into the loop's buffer and hands the protocol a copy; returns whether to read again. */
    private static boolean readArray(Connection c, SocketChannel ch, boolean toTheEnd) {
        ByteBuffer readBuffer = c.readBuffer();
        readBuffer.clear();
        int n;
        try {
            n = ch.read(readBuffer);
        } catch (IOException e) {
            c.readFailed(e);
            return false;
        }
        if (n <= 0) {
            return c.nothingRead(n);
        }
        byte[] data = new byte[n];
        readBuffer.flip().get(data);
        try {
            c.receiver().dataReceived(data);
        } catch (Throwable t) {
            c.callbackFailed("dataReceived", t);
            return false;
        }
        return toTheEnd || n == readBuffer.capacity();
    }
}
