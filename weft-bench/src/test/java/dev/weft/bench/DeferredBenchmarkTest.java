package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark body once, without JMH, so a broken benchmark fails the build, not the run. */
final class DeferredBenchmarkTest {
    private final DeferredBenchmark bench = new DeferredBenchmark();

    @Test
    void everyBenchmarkComputesInputPlusThree() {
        int expected = bench.input + 3;
        assertThat(bench.deferredAddThenFire()).isEqualTo(expected);
        assertThat(bench.futureAddThenComplete()).isEqualTo(expected);
        assertThat(bench.deferredFireThenAdd()).isEqualTo(expected);
        assertThat(bench.futureCompleteThenAdd()).isEqualTo(expected);
    }
}
