/**
 * Twisted's testing kit ({@code twisted.internet.testing}) for weft: fakes and helpers that let a
 * protocol be tested in memory, deterministically, without a reactor or a socket.
 *
 * <p>Start at {@link dev.weft.internet.testing.AccumulatingProtocol} (a protocol that keeps every
 * byte it receives) and {@link dev.weft.internet.testing.StringTransport} (a transport that records
 * every byte written to it). Feed a protocol its input whole, split at every boundary and one byte
 * at a time with {@link dev.weft.internet.testing.Chunking} (or
 * {@code dev.weft.junit.ChunkedSource}, in the weft-junit artifact, in a JUnit 5 parameterized test), and check {@link
 * dev.weft.defer.Deferred} results with {@link dev.weft.internet.testing.DeferredAssertions}.
 *
 * <p>Where a fake keeps one of Twisted's quirks, or deliberately drops one of Twisted's bugs, its
 * Javadoc says so briefly, and DEVIATIONS.md at the repository root lists the choice with the test
 * that pins it. Everything here is confined to the
 * thread that drives it (the test thread, standing in for the reactor thread) unless its Javadoc
 * says otherwise.
 */
@NullMarked
package dev.weft.internet.testing;

import org.jspecify.annotations.NullMarked;
