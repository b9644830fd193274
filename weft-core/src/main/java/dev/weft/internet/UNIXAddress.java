package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Names a UNIX-domain socket by its file-system path: Twisted's {@code UNIXAddress}.
 *
 * <p>An immutable value; equality compares the paths as strings (Twisted also treats two paths to
 * the same existing file as equal; weft does not touch the file system here). Thread-safe.
 *
 * @param name the socket's path, or null for an unnamed (unbound) socket
 */
public record UNIXAddress(@Nullable String name) implements IAddress {}
