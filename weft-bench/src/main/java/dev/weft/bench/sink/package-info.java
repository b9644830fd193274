/**
 * The end-to-end accumulating-sink benchmark: weft's sink server, the Netty baseline sinks, and the report that turns
 * raw results into a Markdown table and an SVG chart.
 *
 * <p>Start at {@link dev.weft.bench.sink.WeftSink}: one server process that accepts TCP connections, keeps every byte
 * of each in an {@code AccumulatingProtocol} until the peer closes, checks the bytes (CRC-32, {@link
 * dev.weft.bench.sink.CrcCheck}) and prints one JSON line when {@code EXPECT} connections are done ({@link
 * dev.weft.bench.sink.SinkStats}). {@link dev.weft.bench.sink.NettySink} is the same server on Netty 4.2, {@link
 * dev.weft.bench.sink.SinkReport} the report writer. {@code weft-bench/run-sink-bench.sh} runs them all against a C
 * load generator; {@code weft-bench/SINK-BENCH.md} explains the figures.
 */
@NullMarked
package dev.weft.bench.sink;

import org.jspecify.annotations.NullMarked;
