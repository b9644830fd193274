package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code stop()} called by a protocol during its connection's first read (the turn after the accept, before that
 * turn's select) ends {@code run()} at once, as a stop from any other callback does, instead of waiting in the select
 * for something else to wake the loop.
 */
final class StopInFirstReadTest {
    @Test
    void aStopDuringTheFirstReadEndsRunWithoutAnotherEvent() throws Exception {
        NioReactor reactor = new NioReactor(1);
        AtomicInteger reads = new AtomicInteger();
        ServerFactory factory = ServerFactory.forProtocol(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                reads.incrementAndGet();
                reactor.stop();
            }
        });
        factory.setNoisy(false);
        int port = ((IPv4Address) reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost()).port();
        // Connected and sent before the loop runs: the bytes are there at the first read, and nothing comes later.
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port));
            client.getOutputStream().write(1);
            client.getOutputStream().flush();
            CompletableFuture<Void> ran = CompletableFuture.runAsync(reactor::run);
            try {
                ran.get(60, TimeUnit.SECONDS);
            } finally {
                if (!ran.isDone()) {
                    reactor.callFromThread(() -> {}); // wake the loop that missed the stop, so the thread ends
                }
            }
            assertThat(reads).hasValue(1);
            assertThat(reactor.isRunning()).isFalse();
        }
    }
}
