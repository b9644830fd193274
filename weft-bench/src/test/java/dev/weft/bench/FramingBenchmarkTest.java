package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs each framing benchmark body once, without JMH: both sides must count every frame. */
final class FramingBenchmarkTest {
    @ParameterizedTest(name = "{0}, reads of {1}")
    @CsvSource({"lines-16, 65536", "lines-4096, 1", "int32-16, 1", "int32-65536, 65536", "int32-1024, 7"})
    void weftAndNettyDeliverEveryFrameOfTheStream(String cell, int readBytes) {
        FramingBenchmark bench = new FramingBenchmark();
        bench.cell = cell;
        bench.readBytes = readBytes;
        bench.setUp();
        FramingBenchmark.Frames frames = new FramingBenchmark.Frames();
        long weftBytes = bench.weft(frames);
        long nettyBytes = bench.netty(frames);
        bench.tearDown();

        int expected = FramingInput.of(cell, 256 * 1024).frames;
        assertThat(bench.weftFrames()).isEqualTo(expected);
        assertThat(bench.nettyFrames()).isEqualTo(expected);
        assertThat(weftBytes).isEqualTo(nettyBytes).isPositive();
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"16384"})
    void bothSidesReceiveTheLongLineOnce(int lineBytes) {
        LongLineBenchmark bench = new LongLineBenchmark();
        bench.lineBytes = lineBytes;
        bench.setUp();
        assertThat(bench.weft(new LongLineBenchmark.Bytes())).isEqualTo(1);
        assertThat(bench.netty(new LongLineBenchmark.Bytes())).isEqualTo(1);
        bench.tearDown();
    }
}
