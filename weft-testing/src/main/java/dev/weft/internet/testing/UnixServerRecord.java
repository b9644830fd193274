package dev.weft.internet.testing;

import dev.weft.internet.IProtocolFactory;

/**
 * Records one {@link MemoryReactor#listenUNIX} call. Immutable; thread-safe.
 *
 * @param path the socket path passed in
 * @param factory the factory passed in; none of its methods has been called
 * @param backlog the backlog passed in
 */
public record UnixServerRecord(String path, IProtocolFactory factory, int backlog) {}
