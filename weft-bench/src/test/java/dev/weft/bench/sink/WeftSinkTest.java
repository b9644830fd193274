package dev.weft.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Failure;
import dev.weft.internal.json.Json;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class WeftSinkTest {
    @Test
    void sinkProtocolChecksWhatItHeldInEveryChunking() throws Exception {
        byte[] input = Payloads.connection(42, 700);
        for (Split split : Chunking.standard().splits(input.length).toList()) {
            SinkStats stats = new SinkStats("weft", 1);
            ChunkPool pool = new ChunkPool(1 << 20);
            WeftSink.Sink sink = new WeftSink.Sink(stats, pool);
            sink.makeConnection(new StringTransport());
            split.deliver(input, sink);
            assertThat(sink.asInputStream().readAllBytes()).as(split.toString()).isEqualTo(input);
            sink.connectionLost(new Failure(new ConnectionDone()));
            Map<?, ?> line = (Map<?, ?>) Json.parse(stats.line().getNow("{}"));
            assertThat(line.get("crc_ok")).as(split.toString()).isEqualTo(true);
            assertThat(line.get("bytes")).as(split.toString()).isEqualTo(700L);
            assertThat(sink.dataSize()).as("released after the check").isZero();
        }
    }

    @Test
    void uncleanEndFailsTheCheckEvenWithIntactBytes() {
        SinkStats stats = new SinkStats("weft", 1);
        WeftSink.Sink sink = new WeftSink.Sink(stats, new ChunkPool(0));
        sink.makeConnection(new StringTransport());
        sink.dataReceived(Payloads.connection(1, 100));
        sink.connectionLost(new Failure(new ConnectionLost("reset by peer")));
        Map<?, ?> line = (Map<?, ?>) Json.parse(stats.line().getNow("{}"));
        assertThat(line.get("crc_ok")).isEqualTo(false);
    }

    @Test
    void servesRealConnectionsAndReportsTheContractLine() throws Exception {
        byte[] first = Payloads.connection(1, 200_000);
        byte[] second = Payloads.connection(2, 8);
        try (WeftSink sink = WeftSink.start(0, 2)) {
            assertThat(Payloads.sendAndAwaitClose(sink.port(), first)).isZero();
            assertThat(Payloads.sendAndAwaitClose(sink.port(), second)).isZero();
            Map<?, ?> line = (Map<?, ?>) Json.parse(sink.result().get(60, TimeUnit.SECONDS));
            assertThat(line.get("connections")).isEqualTo(2L);
            assertThat(line.get("bytes")).isEqualTo(200_008L);
            assertThat(line.get("crc_ok")).isEqualTo(true);
            assertThat(line.get("server")).isEqualTo("weft");
            assertThat((Long) line.get("reads")).isGreaterThanOrEqualTo(2L);
        }
    }

    @Test
    void reportsAFailedCheckForCorruptedContent() throws Exception {
        byte[] bad = Payloads.connection(5, 4096);
        bad[4000] ^= 0x40;
        try (WeftSink sink = WeftSink.start(0, 1)) {
            Payloads.sendAndAwaitClose(sink.port(), bad);
            Map<?, ?> line = (Map<?, ?>) Json.parse(sink.result().get(60, TimeUnit.SECONDS));
            assertThat(line.get("crc_ok")).isEqualTo(false);
            assertThat(line.get("bytes")).isEqualTo(4096L);
        }
    }

    @Test
    void checksAConnectionHeldInManyDirectChunksInPlace() throws Exception {
        try (WeftSink sink = WeftSink.start(0, 2)) {
            Payloads.sendAndAwaitClose(sink.port(), Payloads.connection(3, 5_000_000));
            Payloads.sendAndAwaitClose(sink.port(), Payloads.connection(4, 100));
            Map<?, ?> line = (Map<?, ?>) Json.parse(sink.result().get(60, TimeUnit.SECONDS));
            assertThat(line.get("bytes")).isEqualTo(5_000_100L);
            assertThat(line.get("crc_ok")).isEqualTo(true);
        }
    }
}
