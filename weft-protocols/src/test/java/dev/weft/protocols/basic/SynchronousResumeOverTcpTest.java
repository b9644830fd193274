package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On weft's reactor, an {@code Int32StringReceiver} that pauses in {@code stringReceived} and resumes from an
 * already-fired Deferred answers every frame once, in order (before the fix: one frame again and again until
 * the reactor thread's stack overflowed, and the peer got nothing).
 */
final class SynchronousResumeOverTcpTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Answers each string through a cache that always hits: a Deferred that has already fired. */
    static final class CachedEcho extends Int32StringReceiver {
        @Override
        public void stringReceived(byte[] string) {
            pauseProducing();
            Deferred.succeed(string).addCallback(s -> {
                sendString(s);
                resumeProducing();
                return null;
            });
        }
    }

    @Test
    void everyFrameOfOneWriteIsAnsweredOnceInOrder() throws Exception {
        ServerFactory factory = ServerFactory.forProtocol(CachedEcho::new);
        factory.setNoisy(false);
        int port = rt.call(() -> ((IPv4Address)
                        rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                .port());

        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] body = ("frame-" + i).getBytes(US_ASCII);
            frames.writeBytes(new byte[] {0, 0, 0, (byte) body.length});
            frames.writeBytes(body);
        }
        byte[] request = frames.toByteArray();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(request.length);
            assertThat(reply).isEqualTo(request);
            // Nothing more: the server closes when the client does, having sent no frame twice.
            socket.shutdownOutput();
            assertThat(in.readAllBytes()).isEmpty();
        }
    }
}
