package dev.weft.internet.nio;

import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.ITransport;
import java.io.UncheckedIOException;

/**
 * Resets a connection right after the bytes already written to it have been handed to the kernel: a reset "after
 * exactly N bytes", which {@code write} followed by {@code abortConnection} is not, since an abort drops what is
 * still buffered (Twisted's {@code abortConnection}) and the reactor sends written bytes only after the current
 * callback. Not in Twisted: weft's fault injection ({@code reset-after=N}) needs it.
 *
 * <p>{@link #abort(ITransport)} stops reading at once, turns Nagle's algorithm off on a TCP socket (so the kernel
 * sends a small last segment at once instead of holding it until after the reset has discarded it), waits for the
 * write buffer to drain, through a pull producer that the transport resumes at each drain, then aborts. On Linux
 * loopback a peer that reads gets those bytes, then the reset; bytes the kernel could not send before the reset (a
 * peer whose receive window is full) are dropped by it. A peer that never reads keeps the buffer from draining: the
 * reset then waits until the peer closes or resets, or the reactor stops.
 *
 * <p>Confined to the reactor thread.
 */
public final class AbortWhenFlushed implements IPullProducer {
    private final INioTransport transport;
    private boolean done;

    private AbortWhenFlushed(INioTransport transport) {
        this.transport = transport;
    }

    /**
     * Resets {@code transport} once every byte written to it has been handed to the kernel; at once if none waits or
     * it is not a reactor transport ({@link INioTransport}). A {@code loseConnection} meanwhile does not stop it.
     * Registers a producer on the transport: none may be registered already.
     *
     * @param transport the connection to reset
     * @throws IllegalStateException if a producer is registered with the transport and bytes wait to be sent
     */
    public static void abort(ITransport transport) {
        if (!(transport instanceof INioTransport nio) || !nio.isConnected()) {
            transport.abortConnection();
            return;
        }
        nio.pauseProducing(); // nothing more is read: the connection ends here
        if (nio.getHost() instanceof IPv4Address || nio.getHost() instanceof IPv6Address) {
            try {
                nio.setTcpNoDelay(true);
            } catch (UncheckedIOException e) {
                // The socket has failed already: the reset will do.
            }
        }
        if (nio.bufferedBytes() == 0) {
            nio.abortConnection();
            return;
        }
        nio.registerProducer(new AbortWhenFlushed(nio)); // resumed at once, then at each drain
    }

    /** Aborts the connection if its write buffer has drained; else waits for the next drain. */
    @Override
    public void resumeProducing() {
        if (!done && transport.bufferedBytes() == 0) {
            done = true;
            transport.abortConnection();
        }
    }

    /** Gives up: the connection was lost before its buffer drained. */
    @Override
    public void stopProducing() {
        done = true;
    }

    @Override
    public String toString() {
        return "AbortWhenFlushed[" + transport.bufferedBytes() + " bytes to send]";
    }
}
