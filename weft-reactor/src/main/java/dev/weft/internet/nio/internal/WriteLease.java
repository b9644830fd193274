package dev.weft.internet.nio.internal;

import dev.weft.internet.IOffThreadWrite;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides who closes a socket that another thread may be writing to through {@link
 * Connection#offThreadWriter()}. The writer holds the lease for the length of one write; a close on the
 * reactor thread in that time is left to the writer, which closes the socket as it gives the lease back.
 * So the reactor thread never waits on the JDK's write lock, which a writer the scheduler preempts
 * inside {@code write} holds for as long as it is off a core (milliseconds on a busy machine). Once the
 * reactor thread has closed the socket, the lease cannot be taken again.
 */
final class WriteLease {
    private static final int FREE = 0;
    private static final int HELD = 1;
    /** Held, and the reactor thread has left the close to the holder. */
    private static final int HELD_CLOSE_LEFT = 2;
    /** The reactor thread closed the socket, or the holder did after {@link #HELD_CLOSE_LEFT}. */
    private static final int CLOSED = 3;

    private final SocketChannel channel;
    private final AtomicInteger state = new AtomicInteger(FREE);

    WriteLease(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Returns a writer for another thread: each write takes the lease, writes what the socket takes
     * now and gives the lease back; it writes nothing once the socket is closed or closing, from an
     * interrupted thread, or when the write fails (the reactor thread meets that error itself).
     */
    IOffThreadWrite.Writer writer() {
        return data -> {
            if (Thread.currentThread().isInterrupted()) {
                return 0; // the JDK would close the channel under an interrupted writer
            }
            if (!take()) {
                return 0; // lost meanwhile: the socket is closed or closing
            }
            try {
                return channel.write(data);
            } catch (IOException | RuntimeException e) {
                return 0; // the reactor thread meets the error on its next read or write
            } finally {
                give();
            }
        };
    }

    /** Takes the lease for one write, from any thread; false once the socket is closed or closing. */
    boolean take() {
        return state.compareAndSet(FREE, HELD);
    }

    /** Gives the lease back after a write that {@link #take} allowed; closes the socket if that was left to it. */
    void give() {
        if (!state.compareAndSet(HELD, FREE)) {
            state.set(CLOSED);
            try {
                channel.close();
            } catch (IOException e) {
                Faults.ioProblem("closing " + channel + " after a write from another thread", e);
            }
        }
    }

    /**
     * Asks, on the reactor thread, to close the socket: true when the caller closes it now (no write is
     * under way, and none can start), false when the writer holding the lease will close it instead.
     */
    boolean closeNowOrLeave() {
        while (true) {
            int now = state.get();
            if (now == HELD) {
                if (state.compareAndSet(HELD, HELD_CLOSE_LEFT)) {
                    return false;
                }
            } else if (now == HELD_CLOSE_LEFT) {
                return false; // asked twice: the holder closes it still
            } else if (state.compareAndSet(now, CLOSED)) {
                return true;
            }
        }
    }
}
