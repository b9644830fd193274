package dev.weft.internet;

/**
 * Marks an object as the address of one end of a connection or of a listening port: Twisted's
 * {@code IAddress}.
 *
 * <p>weft's own addresses are the records {@link IPv4Address}, {@link IPv6Address} and {@link
 * UNIXAddress}; fakes may add their own. Implementations are immutable values (equality from all
 * fields), so they are thread-safe.
 */
public interface IAddress {}
