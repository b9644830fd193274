package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Names a UNIX-domain socket by its path: Twisted's {@code UNIXAddress}. Paths are compared as
 * strings. Immutable; thread-safe.
 * @param name the socket's path, or null for an unnamed (unbound) socket
 */
public record UNIXAddress(@Nullable String name) implements IAddress {}
