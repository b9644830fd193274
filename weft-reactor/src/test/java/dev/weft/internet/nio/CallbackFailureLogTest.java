package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The log line of a protocol callback that throws names the protocol, the callback, the connection and the peer's
 * address, so that a server with many clients can tell whose bytes broke it (Twisted's log prefix names the peer's
 * host too).
 */
final class CallbackFailureLogTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final class Throwing extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            throw new IllegalStateException("cannot parse " + new String(data, US_ASCII));
        }
    }

    @Test
    void aDataReceivedThatThrowsIsLoggedWithTheConnectionAndThePeer() throws Exception {
        try (LogCapture log = new LogCapture(LOGGER_NAME);
                ReactorThread rt = ReactorThread.start()) {
            ServerFactory factory = ServerFactory.forProtocol(Throwing::new);
            factory.setNoisy(false);
            int port = rt.call(() -> ((IPv4Address)
                            rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port));
                s.getOutputStream().write("garbage".getBytes(US_ASCII));
                LogRecord logged = awaitRecord(log);
                assertThat(logged.getMessage())
                        .startsWith("Unhandled exception in Throwing.dataReceived on <Throwing #")
                        .endsWith(" on " + port + "> from 127.0.0.1:" + s.getLocalPort());
                assertThat(logged.getThrown()).hasMessage("cannot parse garbage");
            }
        }
    }

    /** Writes a reply, then throws: Twisted's order of events drops the reply with the connection. */
    private static final class RepliesThenThrows extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write("reply".getBytes(US_ASCII));
            throw new IllegalStateException("failed after replying");
        }
    }

    @Test
    void aReplyWrittenBeforeTheExceptionIsDroppedWithTheConnection() throws Exception {
        try (LogCapture log = new LogCapture(LOGGER_NAME);
                ReactorThread rt = ReactorThread.start()) {
            ServerFactory factory = ServerFactory.forProtocol(RepliesThenThrows::new);
            factory.setNoisy(false);
            int port = rt.call(() -> ((IPv4Address)
                            rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port));
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write("x".getBytes(US_ASCII));
                byte[] got;
                try {
                    got = s.getInputStream().readAllBytes();
                } catch (java.net.SocketException reset) {
                    got = new byte[0]; // a reset: the server closed with bytes of ours unread, also legitimate
                }
                assertThat(got)
                        .as("the reply was dropped, and the connection ended")
                        .isEmpty();
            }
        }
    }

    private static LogRecord awaitRecord(LogCapture log) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogRecord r : log.records()) {
                if (r.getMessage().startsWith("Unhandled exception in Throwing.")) {
                    return r;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("nothing logged within " + WAIT + ": " + log.records());
    }
}
