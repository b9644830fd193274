/**
 * JUnit 5 support for weft's testing kit. Start with {@link dev.weft.junit.WeftExtension}: it injects a {@code Clock},
 * a {@code MemoryReactorClock}, a running reactor or a {@code SinkServer}, and fails a test that leaves an unhandled
 * Deferred failure, a pending delayed call, an open socket or a reactor thread behind ({@link
 * dev.weft.junit.SkipHygiene} opts out, with a reason). {@link dev.weft.junit.TransportTest} runs one body in memory,
 * over TCP and over a UNIX socket; {@link dev.weft.junit.ChunkedSource} feeds a parameterized test every split of an
 * input. Extend {@link dev.weft.junit.TransportContract} to check a transport of your own against weft's transport
 * contract.
 */
@NullMarked
package dev.weft.junit;

import org.jspecify.annotations.NullMarked;
