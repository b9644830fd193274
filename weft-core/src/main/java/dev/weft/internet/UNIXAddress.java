package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** Names a UNIX-domain socket by its path, null for an unnamed socket: Twisted's {@code UNIXAddress}. Immutable. */
public record UNIXAddress(@Nullable String name) implements IAddress {}
