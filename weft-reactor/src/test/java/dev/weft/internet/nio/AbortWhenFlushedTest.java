package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPullProducer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AbortWhenFlushed}: bytes written in the same callback as the reset reach the peer before it, where
 * {@code write} then {@code abortConnection} drops them (Twisted's abort).
 */
final class AbortWhenFlushedTest {
    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + i / 253);
        }
        return b;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 9, 1000, 60_000})
    void thePeerReadsEveryByteWrittenBeforeTheResetThenTheReset(int n) {
        byte[] sent = pattern(n);
        for (int run = 0; run < 10; run++) {
            try (ReactorThread rt = ReactorThread.start()) {
                TcpPair pair = TcpPair.open(rt);
                rt.execute(() -> {
                    pair.serverTransport().write(sent);
                    AbortWhenFlushed.abort(pair.serverTransport());
                });
                pair.awaitBothClosed(rt);
                rt.execute(() -> {
                    assertThat(pair.client.dataSize()).as("bytes the peer read").isEqualTo(n);
                    assertThat(Arrays.equals(pair.client.data(), sent)).isTrue();
                    assertThat(pair.client.closedReason().value()).isInstanceOf(ConnectionLost.class);
                    assertThat(pair.server.closedReason().value()).isInstanceOf(ConnectionAborted.class);
                });
            }
        }
    }

    @Test
    void withNothingBufferedItAbortsAtOnceAndStopsReading() {
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt);
            rt.execute(() -> {
                AbortWhenFlushed.abort(pair.serverTransport());
                assertThat(pair.serverTransport().isReading()).isFalse();
                pair.serverTransport().write(pattern(5)); // an aborting connection takes no more bytes
                assertThat(pair.serverTransport().bufferedBytes()).isZero();
            });
            pair.awaitBothClosed(rt);
            rt.execute(() -> {
                assertThat(pair.client.dataSize()).isZero();
                assertThat(pair.server.closedReason().value()).isInstanceOf(ConnectionAborted.class);
            });
        }
    }

    @Test
    void aLoseConnectionWhileItWaitsStillEndsInAReset() {
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt);
            byte[] sent = pattern(100);
            rt.execute(() -> {
                pair.serverTransport().write(sent);
                AbortWhenFlushed.abort(pair.serverTransport());
                pair.serverTransport().loseConnection();
            });
            pair.awaitBothClosed(rt);
            rt.execute(() -> {
                assertThat(pair.client.data()).isEqualTo(sent);
                assertThat(pair.client.closedReason().value()).isInstanceOf(ConnectionLost.class);
                assertThat(pair.server.closedReason().value()).isInstanceOf(ConnectionAborted.class);
            });
        }
    }

    @Test
    void anotherProducerRegisteredIsRefusedWhileBytesWait() {
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt);
            rt.execute(() -> {
                pair.serverTransport().registerProducer(new IPullProducer() {
                    @Override
                    public void resumeProducing() {}

                    @Override
                    public void stopProducing() {}
                });
                pair.serverTransport().write(pattern(10));
                assertThatThrownBy(() -> AbortWhenFlushed.abort(pair.serverTransport()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already registered");
                pair.serverTransport().unregisterProducer();
                pair.serverTransport().abortConnection();
            });
            pair.awaitBothClosed(rt);
        }
    }
}
