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

    /**
     * Echoes lines; closes the connection after {@code beforeALine} without a first line, then after 200 ms
     * without another one.
     */
    static final class IdleEcho extends LineReceiver {
        private final Timeout timeout;
        private final Duration beforeALine;

        IdleEcho(IReactorTime clock, Duration beforeALine) {
            timeout = Timeout.losingConnection(clock, this);
            this.beforeALine = beforeALine;
        }

        @Override
        public void connectionMade() {
            timeout.setTimeout(beforeALine);
        }

        @Override
        public void lineReceived(byte[] line) {
            sendLine(line);
            timeout.setTimeout(Duration.ofMillis(200)); // from now
        }

        @Override
        public void connectionLost(Failure reason) {
            timeout.setTimeout(null);
        }
    }

    private int listen(Duration beforeALine) {
        ServerFactory factory = ServerFactory.forProtocol(() -> new IdleEcho(rt.reactor(), beforeALine));
        factory.setNoisy(false);
        return rt.call(() -> ((IPv4Address)
                        rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                .port());
    }

    /**
     * The first line's wait is a minute, not 200 ms: the server's clock starts at the accept, and on a loaded
     * machine the client's write can come later than 200 ms after it (the server then closes first, and the
     * line finds a closed or reset connection). Only the idleness after the answer is short.
     */
    @Test
    void anIdleConnectionIsClosedByTheServerAfterItsLineWasAnswered() throws Exception {
        int port = listen(Duration.ofMinutes(1));

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            socket.getOutputStream().write("hello\r\n".getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            // The answer, then the end of the stream: the server closed the idle connection.
            assertThat(new String(in.readAllBytes(), US_ASCII)).isEqualTo("hello\r\n");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedByTheServer() throws Exception {
        int port = listen(Duration.ofMillis(200));

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            assertThat(socket.getInputStream().read())
                    .as("the end of the stream")
                    .isEqualTo(-1);
        }
    }
}
