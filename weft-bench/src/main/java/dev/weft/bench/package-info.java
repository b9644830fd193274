/**
 * JMH micro-benchmarks for weft. Start at {@link dev.weft.bench.DeferredBenchmark}, which compares a Deferred's
 * create/add/fire path with CompletableFuture's; {@code AccumulatingProtocolBenchmark} (cost per byte by read size and
 * bytes held) and {@code ReactorBenchmark} ({@code callLater}, {@code callFromThread}); {@code FramingBenchmark} and
 * {@code LongLineBenchmark} (weft's framing receivers against Netty's decoders); {@code MemoryFootprint} (not JMH: heap
 * and direct memory per byte an {@code AccumulatingProtocol} holds); the end-to-end sink benchmark against Netty is in
 * {@code dev.weft.bench.sink}; {@code weft-bench/README.md} says how to run the benchmarks and records the figures.
 * {@code mvn verify} only compiles them.
 */
@NullMarked
package dev.weft.bench;

import org.jspecify.annotations.NullMarked;
