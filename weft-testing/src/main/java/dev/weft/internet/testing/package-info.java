/**
 * Fakes and helpers for testing protocols in memory, deterministically, without a reactor or a socket (Twisted's {@code
 * twisted.internet.testing}). Start at {@link dev.weft.internet.testing.AccumulatingProtocol}, {@link
 * dev.weft.internet.testing.StringTransport}, {@link dev.weft.internet.testing.Chunking} and {@link
 * dev.weft.internet.testing.DeferredAssertions}. Kept Twisted quirks and dropped bugs are listed in DEVIATIONS.md.
 * Everything is confined to the test thread unless its Javadoc says otherwise.
 */
@NullMarked
package dev.weft.internet.testing;

import org.jspecify.annotations.NullMarked;
