package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.nio.internal.Selectable;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reactor loop's last resort: a failure that escapes every per-callback guard ends the loop,
 * which then shuts down cleanly, and {@link ReactorThread#ended()} says why, so a program waiting
 * on the reactor never hangs on a dead thread.
 */
final class ReactorThreadEndTest {
    @Test
    void aFailureThatEscapesTheLoopCompletesEndedExceptionally() throws Exception {
        NioReactor reactor = new NioReactor();
        ReactorThread rt = ReactorThread.start(reactor);
        Pipe pipe = Pipe.open();
        IllegalStateException boom = new IllegalStateException("the guard of the guard failed");
        rt.execute(() -> {
            try {
                pipe.source().configureBlocking(false);
                reactor.loop().register(pipe.source(), SelectionKey.OP_READ, new Selectable() {
                    @Override
                    public void ready(SelectionKey key) {
                        throw new IllegalStateException("a handler failed");
                    }

                    @Override
                    public void reactorStopping() {}

                    @Override
                    public void internalFailure(Throwable error) {
                        throw boom; // what no per-callback guard catches
                    }
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));

        CompletableFuture<Void> ended = rt.ended().toCompletableFuture();
        try {
            ended.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isSameAs(boom);
        }
        assertThat(ended).isCompletedExceptionally();
        assertThat(reactor.isRunning()).isFalse();
        pipe.sink().close();
        pipe.source().close();
    }
}
