/**
 * Twisted's framing receivers ({@code twisted.protocols.basic}): lines, length-prefixed strings and
 * netstrings. Start with {@link dev.weft.protocols.basic.LineReceiver}, {@link
 * dev.weft.protocols.basic.Int32StringReceiver} or {@link dev.weft.protocols.basic.NetstringReceiver}: extend
 * one, override its callback, send with its {@code sendLine}/{@code sendString}. Each behaves as Twisted
 * 22.4's, quirks included, except where DEVIATIONS.md says otherwise. Callbacks get fresh arrays they may
 * keep. All classes are confined to the reactor thread.
 */
@NullMarked
package dev.weft.protocols.basic;

import org.jspecify.annotations.NullMarked;
