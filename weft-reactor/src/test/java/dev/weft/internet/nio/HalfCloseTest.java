package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TCP half-close: invariant 79 and Twisted's HalfClose* scenarios (#11-#15). */
final class HalfCloseTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private TcpPair pair(Supplier<Recorder> server, Supplier<Recorder> client) {
        return TcpPair.open(
                rt, new AccumulatingServerFactory(server::get), new AccumulatingClientFactory(client::get), null);
    }

    @Test
    void aClientHalfCloseReachesAHalfCloseableServerAndLaterClientWritesAreDropped() {
        TcpPair pair = pair(Recorder.HalfCloseable::new, Recorder.HalfCloseable::new);
        Recorder.HalfCloseable client = (Recorder.HalfCloseable) pair.client;
        Recorder.HalfCloseable server = (Recorder.HalfCloseable) pair.server;
        rt.execute(() -> {
            pair.clientTransport().write(ascii("hello"));
            pair.clientTransport().loseWriteConnection();
        });
        rt.await(() -> server.readLost);
        rt.execute(() -> {
            assertThat(client.writeHalfClosed).isTrue();
            assertThat(client.readHalfClosed).isFalse();
            assertThat(client.isClosed()).isFalse();
            assertThat(server.isClosed()).isFalse();
            assertThat(pair.server.data()).isEqualTo(ascii("hello"));
            pair.clientTransport().write(ascii("dropped"));
            assertThat(pair.clientTransport().bufferedBytes()).isZero();
            assertThat(pair.clientTransport().isConnected()).isTrue();
        });
        // The server may still write to the half-closed client, then close.
        rt.execute(() -> {
            pair.serverTransport().write(ascii("still talking"));
            pair.serverTransport().loseConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.client.data()).isEqualTo(ascii("still talking"));
            assertThat(pair.server.data()).isEqualTo(ascii("hello"));
            // The client's write side was closed, and now its read side: weft closes it fully.
            assertThat(client.events).containsSubsequence("writeLost", "readLost", "lost ConnectionDone");
            assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
        });
    }

    @Test
    void aServerHalfCloseNotifiesTheServerOfItsWriteSideAndTheClientOfItsReadSide() {
        TcpPair pair = pair(Recorder.HalfCloseable::new, Recorder.HalfCloseable::new);
        Recorder.HalfCloseable client = (Recorder.HalfCloseable) pair.client;
        Recorder.HalfCloseable server = (Recorder.HalfCloseable) pair.server;
        rt.execute(() -> pair.serverTransport().loseWriteConnection());
        rt.await(() -> client.readLost);
        rt.execute(() -> {
            assertThat(server.writeHalfClosed).isTrue();
            assertThat(server.readHalfClosed).isFalse();
            assertThat(client.readHalfClosed).isTrue();
            assertThat(client.writeHalfClosed).isFalse();
            pair.clientTransport().loseConnection();
            assertThat(client.isClosed())
                    .as("connectionLost is not called from inside loseConnection on a half-closed transport")
                    .isFalse();
        });
        pair.awaitBothClosed(rt);
    }

    @Test
    void aPeerThatIsNotHalfCloseableGetsAFullConnectionDone() {
        TcpPair pair = pair(Recorder::new, Recorder::new);
        rt.execute(() -> {
            pair.clientTransport().write(ascii("hello"));
            pair.clientTransport().loseWriteConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.server.data()).isEqualTo(ascii("hello"));
            assertThat(pair.server.isClosed()).isTrue();
            assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
        });
    }

    @Test
    void writingAndHalfClosingAfterThePeerClosedRaisesNothing() {
        TcpPair pair = pair(Recorder::new, Recorder::new);
        rt.execute(() -> pair.serverTransport().loseConnection());
        rt.await(() -> pair.clientClosed);
        rt.execute(() -> {
            pair.clientTransport().write(ascii("late"));
            pair.clientTransport().loseWriteConnection();
        });
        pair.awaitBothClosed(rt);
    }

    @Test
    void aReadConnectionLostThatThrowsIsLoggedAndLosesTheWholeConnection() {
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair pair = pair(Recorder::new, () -> {
                Recorder r = new Recorder.HalfCloseable();
                r.throwIn = "readConnectionLost";
                return r;
            });
            rt.execute(() -> pair.serverTransport().loseWriteConnection());
            rt.await(() -> pair.clientClosed);
            rt.execute(() -> assertThat(pair.client.closedReason().value())
                    .hasMessage("thrown on purpose by readConnectionLost"));
            pair.awaitBothClosed(rt);
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    @Test
    void aWriteConnectionLostThatThrowsIsLoggedAndLosesTheWholeConnection() {
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair pair = pair(Recorder::new, () -> {
                Recorder r = new Recorder.HalfCloseable();
                r.throwIn = "writeConnectionLost";
                return r;
            });
            rt.execute(() -> pair.clientTransport().loseWriteConnection());
            pair.awaitBothClosed(rt);
            rt.execute(() -> assertThat(pair.client.closedReason().value())
                    .hasMessage("thrown on purpose by writeConnectionLost"));
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    @Test
    void loseWriteConnectionFlushesWhatWasWrittenBefore() {
        TcpPair pair = pair(Recorder.HalfCloseable::new, Recorder.HalfCloseable::new);
        byte[] data = TcpTransportTest.randomBytes(9, 4 << 20);
        rt.execute(() -> {
            pair.clientTransport().write(data);
            pair.clientTransport().loseWriteConnection();
        });
        rt.await(() -> ((Recorder.HalfCloseable) pair.server).readLost);
        rt.execute(() -> {
            assertThat(pair.server.data()).isEqualTo(data);
            pair.serverTransport().loseConnection();
        });
        pair.awaitBothClosed(rt);
    }
}
