package dev.weft.cli;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes what the peer sends to a blocking stream (standard output) on a thread of its own, so the
 * reactor never waits for a slow reader of the output: once more than {@value #HIGH_WATER} bytes wait,
 * the transport is paused (it stops reading, and TCP holds the peer back), and it is resumed when
 * fewer than {@value #LOW_WATER} do.
 *
 * <p>{@link #write} and {@link #finish} are called on the reactor thread; the stream is written on
 * the pump's own daemon thread.
 */
final class OutputPump {
    static final long HIGH_WATER = 1 << 20;
    static final long LOW_WATER = 256 * 1024;

    private final OutputStream out;
    private final IReactorThreads reactor;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "weft-output");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong queued = new AtomicLong();
    private volatile @Nullable IOException failure;
    // Confined to the reactor thread.
    private @Nullable IPushProducer source;
    private boolean sourcePaused;

    OutputPump(OutputStream out, IReactorThreads reactor) {
        this.out = out;
        this.reactor = reactor;
    }

    /** Names the producer to pause when the output falls behind (the transport, if it is one). */
    void setSource(@Nullable IPushProducer source) {
        this.source = source;
    }

    /** Queues {@code data} for the stream; the array is handed over. */
    void write(byte[] data) {
        long waiting = queued.addAndGet(data.length);
        thread.execute(() -> {
            if (failure == null) {
                try {
                    out.write(data);
                    out.flush();
                    if (out instanceof PrintStream print && print.checkError()) {
                        // A PrintStream keeps the cause to itself: a closed pipe and a full disk look alike.
                        throw new IOException(WeftCli.OUTPUT_FAILED);
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (queued.addAndGet(-data.length) < LOW_WATER) {
                reactor.callFromThread(this::resumeSource);
            }
        });
        IPushProducer s = source;
        if (waiting > HIGH_WATER && !sourcePaused && s != null) {
            sourcePaused = true;
            s.pauseProducing();
        }
    }

    /**
     * Returns the first write failure, if any. The command reports it as {@link WeftCli#OUTPUT_FAILED}, as every
     * command reports a failed write to standard output: a {@link PrintStream} does not say which it was.
     */
    @Nullable
    IOException failure() {
        return failure;
    }

    /** Completes once everything queued so far has been written; the pump then stops. */
    CompletableFuture<Void> finish() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> done.complete(null));
        thread.shutdown();
        return done;
    }

    private void resumeSource() {
        IPushProducer s = source;
        if (sourcePaused && s != null && queued.get() < LOW_WATER) {
            sourcePaused = false;
            s.resumeProducing();
        }
    }
}
