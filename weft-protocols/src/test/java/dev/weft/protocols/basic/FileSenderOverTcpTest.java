package dev.weft.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On weft's reactor, a {@link FileSender} is asked for more only as the peer reads: while the peer reads nothing, the
 * file is read no further than the socket buffers and one chunk allow; then every byte arrives, in order.
 */
final class FileSenderOverTcpTest {
    private static final long TOTAL = 48L << 20;

    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** {@code TOTAL} bytes of the evaluator's pattern, made as they are read, counted. */
    static final class PatternStream extends InputStream {
        final AtomicLong read = new AtomicLong();

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long at = read.get();
            int n = (int) Math.min(len, TOTAL - at);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (((at + i) * 7 + 3) % 251);
            }
            read.addAndGet(n);
            return n;
        }
    }

    @Test
    void aPeerThatDoesNotReadHoldsTheFileBackAndThenGetsEveryByte() throws Exception {
        PatternStream file = new PatternStream();
        CompletableFuture<byte[]> lastByte = new CompletableFuture<>();
        ServerFactory factory = ServerFactory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                Deferred<byte[]> d = new FileSender().beginFileTransfer(file, transport());
                d.addCallback(last -> {
                    lastByte.complete(last);
                    transport().loseConnection();
                    return null;
                });
            }
        });
        factory.setNoisy(false);
        int port = rt.call(() -> ((IPv4Address)
                        rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                .port());

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            long held = readingSettles(file.read);
            assertThat(held).isGreaterThan(0).isLessThan(TOTAL / 2);

            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long received = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    long at = received + i;
                    if (buffer[i] != (byte) ((at * 7 + 3) % 251)) {
                        throw new AssertionError("byte " + at + " differs");
                    }
                }
                received += n;
            }
            assertThat(received).isEqualTo(TOTAL);
        }
        assertThat(lastByte.get(60, TimeUnit.SECONDS)).containsExactly((byte) (((TOTAL - 1) * 7 + 3) % 251));
    }

    /**
     * Polls, with a 60-second deadline, until {@code count} has stayed the same for half a second while the peer reads
     * nothing; returns it. Waiting for the absence of progress needs time: there is no event to wait for.
     */
    private static long readingSettles(AtomicLong count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = count.get();
            if (now != last || now == 0) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(500)) {
                return now;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("the sender kept reading for 60 s while the peer read nothing: " + count.get());
    }
}
