/**
 * Twisted's framing receivers ({@code twisted.protocols.basic}): lines, length-prefixed strings and
 * netstrings. Start with {@link dev.weft.protocols.basic.LineReceiver} (lines, with a raw mode), {@link
 * dev.weft.protocols.basic.Int32StringReceiver} (4-byte length prefixes) or {@link
 * dev.weft.protocols.basic.NetstringReceiver}; extend one, override its callback, send with its
 * {@code sendLine}/{@code sendString}.
 *
 * <p>Each receiver behaves as Twisted 22.4's, quirks included (proven against real Twisted by the
 * protocols oracle), except where DEVIATIONS.md says otherwise. Callbacks get fresh arrays they may
 * keep; the receivers read straight into their own buffer through {@link
 * dev.weft.internet.IBufferedProtocol} and never search a partial line twice. All classes are
 * confined to the reactor thread.
 */
@NullMarked
package dev.weft.protocols.basic;

import org.jspecify.annotations.NullMarked;
