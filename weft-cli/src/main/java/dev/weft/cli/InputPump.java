package dev.weft.cli;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorThreads;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Reads a blocking stream (a file, standard input) on a thread of its own and hands its bytes to the
 * reactor thread, as the streaming producer of the transport it writes to: the transport's {@link
 * #pauseProducing()} stops the reading, so a slow peer holds the sender back instead of filling
 * memory. At most {@value #IN_FLIGHT} chunks of {@value #CHUNK} bytes wait for the reactor at once.
 *
 * <p>{@link IPushProducer}'s methods are called on the reactor thread; the callbacks given to the
 * constructor run there too. Reading happens on the pump's own daemon thread.
 */
final class InputPump implements IPushProducer {
    static final int CHUNK = 64 * 1024;
    static final int IN_FLIGHT = 4;

    private final InputStream in;
    private final IReactorThreads reactor;
    private final Consumer<byte[]> onChunk;
    private final Runnable onEnd;
    private final Consumer<Exception> onError;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private boolean paused;
    private boolean stopped;

    /**
     * @param onChunk receives each chunk, in order, on the reactor thread (unless stopped)
     * @param onEnd runs on the reactor thread after the last chunk, at the end of the stream
     * @param onError runs on the reactor thread if reading fails: an {@link IOException}, or a {@link
     *     RuntimeException} of the stream (a {@link CliFailure} of {@link FramingInputStream})
     */
    InputPump(
            InputStream in,
            IReactorThreads reactor,
            Consumer<byte[]> onChunk,
            Runnable onEnd,
            Consumer<Exception> onError) {
        this.in = in;
        this.reactor = reactor;
        this.onChunk = onChunk;
        this.onEnd = onEnd;
        this.onError = onError;
    }

    /** Starts reading on a new daemon thread. */
    void start() {
        Thread reader = new Thread(this::pump, "weft-input");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public synchronized void pauseProducing() {
        paused = true;
    }

    @Override
    public synchronized void resumeProducing() {
        paused = false;
        notifyAll();
    }

    @Override
    public synchronized void stopProducing() {
        stopped = true;
        notifyAll();
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private synchronized boolean awaitUnpaused() throws InterruptedException {
        while (paused && !stopped) {
            wait();
        }
        return !stopped;
    }

    private void failed(Exception e) {
        reactor.callFromThread(() -> {
            if (!isStopped()) {
                onError.accept(e);
            }
        });
    }

    private void pump() {
        try {
            while (awaitUnpaused()) {
                byte[] buffer = new byte[CHUNK];
                int n = in.read(buffer);
                if (n < 0) {
                    reactor.callFromThread(() -> {
                        if (!isStopped()) {
                            onEnd.run();
                        }
                    });
                    return;
                }
                if (n == 0) {
                    continue;
                }
                byte[] chunk = n == CHUNK ? buffer : Arrays.copyOf(buffer, n);
                inFlight.acquire();
                reactor.callFromThread(() -> {
                    inFlight.release();
                    if (!isStopped()) {
                        onChunk.accept(chunk);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            // Whatever ends the reading ends the command through the reactor; a thread that died
            // silently would leave the transfer waiting for input forever.
            failed(e);
        } catch (OutOfMemoryError e) {
            failed(new IOException(
                    "out of memory holding the input (" + e.getMessage() + "); give the JVM more"
                            + " heap, e.g. WEFT_JAVA_OPTS=-Xmx4g",
                    e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
