package dev.weft.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.internal.json.Json;
import io.netty.channel.epoll.Epoll;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class NettySinkTest {
    @ParameterizedTest
    @CsvSource({"nio,copy", "nio,composite", "epoll,copy", "epoll,composite"})
    void accumulatesAndPassesIntactConnections(String transport, String variant) throws Exception {
        assumeTrue(transport.equals("nio") || Epoll.isAvailable(), "native epoll is not available here");
        try (NettySink sink = NettySink.start(transport, variant, 0, 2, 1)) {
            Payloads.sendAndAwaitClose(sink.port(), Payloads.connection(9, 300_000));
            assertThat(sink.result()).isNotDone();
            Payloads.sendAndAwaitClose(sink.port(), Payloads.connection(10, 3000));
            Map<?, ?> line = (Map<?, ?>) Json.parse(sink.result().get(60, TimeUnit.SECONDS));
            assertThat(line.get("connections")).isEqualTo(2L);
            assertThat(line.get("bytes")).isEqualTo(303_000L);
            assertThat(line.get("crc_ok")).isEqualTo(true);
            assertThat(line.get("server")).isEqualTo("netty-" + transport + "-" + variant);
        }
    }

    @ParameterizedTest
    @CsvSource({"nio,copy", "nio,composite", "epoll,copy", "epoll,composite"})
    void reportsCorruptedContent(String transport, String variant) throws Exception {
        assumeTrue(transport.equals("nio") || Epoll.isAvailable(), "native epoll is not available here");
        byte[] bad = Payloads.connection(10, 70_000);
        bad[69_000] ^= 1;
        try (NettySink sink = NettySink.start(transport, variant, 0, 1, 1)) {
            Payloads.sendAndAwaitClose(sink.port(), bad);
            Map<?, ?> line = (Map<?, ?>) Json.parse(sink.result().get(60, TimeUnit.SECONDS));
            assertThat(line.get("crc_ok")).isEqualTo(false);
            assertThat(line.get("bytes")).isEqualTo(70_000L);
        }
    }

    @Test
    void rejectsAnUnknownVariant() {
        assertThatThrownBy(() -> NettySink.start("nio", "pooled", 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pooled");
    }
}
