package dev.weft.protocols.policies;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.protocols.basic.LineReceiver;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Timeout} on weft's reactor: an idle connection is closed, after the lines it sent were answered. */
final class TimeoutOverTcpTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Echoes lines; closes the connection after 200 ms without one. */
    static final class IdleEcho extends LineReceiver {
        private final Timeout timeout;

        IdleEcho(IReactorTime clock) {
            timeout = Timeout.losingConnection(clock, this);
        }

        @Override
        public void connectionMade() {
            timeout.setTimeout(Duration.ofMillis(200));
        }

        @Override
        public void lineReceived(byte[] line) {
            timeout.resetTimeout();
            sendLine(line);
        }

        @Override
        public void connectionLost(Failure reason) {
            timeout.setTimeout(null);
        }
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        ServerFactory factory = ServerFactory.forProtocol(() -> new IdleEcho(rt.reactor()));
        factory.setNoisy(false);
        int port = rt.call(() -> ((IPv4Address)
                        rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                .port());

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            socket.getOutputStream().write("hello\r\n".getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            // The answer, then the end of the stream: the server closed the idle connection.
            assertThat(new String(in.readAllBytes(), US_ASCII)).isEqualTo("hello\r\n");
        }
    }
}
