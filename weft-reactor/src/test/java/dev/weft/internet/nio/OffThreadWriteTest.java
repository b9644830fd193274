package dev.weft.internet.nio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IOffThreadWrite;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP transport's {@link IOffThreadWrite}: a TLS layer's worker writes a handshake flight with it. */
final class OffThreadWriteTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    private static IOffThreadWrite.Writer writer(TcpPair pair) {
        return ((IOffThreadWrite) pair.serverTransport()).offThreadWriter();
    }

    private static ByteBuffer[] ascii(String... parts) {
        ByteBuffer[] all = new ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            all[i] = ByteBuffer.wrap(parts[i].getBytes(US_ASCII));
        }
        return all;
    }

    private String clientReceived(TcpPair pair) {
        return rt.call(() -> new String(pair.client.data(), US_ASCII));
    }

    @Test
    void aWriterTakenOnTheReactorThreadWritesFromAnotherAndThePeerGetsTheBytesInOrder() {
        TcpPair pair = TcpPair.open(rt);
        IOffThreadWrite.Writer w = rt.call(() -> writer(pair));
        assertThat(w).isNotNull();

        assertThat(w.write(ascii("ab", "cd"))).isEqualTo(4); // from the test's thread
        rt.await(() -> {
            pair.serverTransport().write("ef".getBytes(US_ASCII)); // the reactor thread's next write follows
            return pair.clientSink().received(6);
        });
        assertThat(clientReceived(pair)).isEqualTo("abcdef");
    }

    @Test
    void noWriterWhileBytesAreQueuedOrOnceTheConnectionCloses() {
        TcpPair pair = TcpPair.open(rt);
        assertThat(rt.call(() -> {
                    pair.serverTransport().write("x".getBytes(US_ASCII)); // sent at the end of this turn
                    return writer(pair);
                }))
                .as("bytes queued")
                .isNull();
        rt.await(() -> pair.clientSink().received(1));
        IOffThreadWrite.Writer early = rt.call(() -> writer(pair));
        assertThat(early).isNotNull();

        assertThat(rt.call(() -> {
                    pair.serverTransport().loseConnection();
                    return writer(pair);
                }))
                .as("closing")
                .isNull();
        pair.awaitBothClosed(rt);
        assertThat(early.write(ascii("late")))
                .as("a closed socket takes nothing, and says so quietly")
                .isZero();
        assertThat(clientReceived(pair)).isEqualTo("x");
    }

    @Test
    void anInterruptedWriterWritesNothingAndTheConnectionStaysOpen() {
        TcpPair pair = TcpPair.open(rt);
        IOffThreadWrite.Writer w = rt.call(() -> writer(pair));
        long n;
        Thread.currentThread().interrupt();
        try {
            n = w.write(ascii("lost"));
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is left as it was")
                    .isTrue();
        }
        assertThat(n).isZero();
        rt.await(() -> {
            pair.serverTransport().write("ok".getBytes(US_ASCII));
            return pair.clientSink().received(2);
        });
        assertThat(clientReceived(pair)).isEqualTo("ok");
    }

    @Test
    void connectionsAbortedWhileAnotherThreadWritesAreAllClosedAndLeaveNoDescriptorOpen() throws Exception {
        TreeMap<Integer, String> before = FileDescriptors.sockets();
        ByteBuffer flight = ByteBuffer.allocate(8 << 20); // long enough a write for the abort to land inside it
        for (int i = 0; i < 40; i++) {
            TcpPair pair = TcpPair.open(rt);
            IOffThreadWrite.Writer w = rt.call(() -> writer(pair));
            CountDownLatch go = new CountDownLatch(1);
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                w.write(new ByteBuffer[] {flight.duplicate()});
            });
            worker.start();
            rt.execute(() -> {
                go.countDown();
                pair.serverTransport().abortConnection(); // lost in the reactor's next turn
            });
            worker.join();
            // A socket nobody closes would leave the client waiting: a minute fails the test.
            rt.await(Duration.ofSeconds(60), () -> pair.clientClosed);
            pair.awaitBothClosed(rt);
            rt.await(pair.port::stopListening);
        }
        rt.call(() -> null); // a turn after the last writer closed: the selector has let go of every socket
        assertThat(FileDescriptors.leaked(before, FileDescriptors.sockets()))
                .as("sockets left open")
                .isEmpty();
        assertThat(rt.call(() -> rt.reactor().openSocketCount())).isZero();
    }
}
