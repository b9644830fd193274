package dev.weft.internet;

/**
 * Marks the address of one end of a connection or of a listening port: Twisted's {@code IAddress}. Implementations
 * ({@link IPv4Address}, {@link IPv6Address}, {@link UNIXAddress}) are immutable and thread-safe.
 */
public interface IAddress {}
