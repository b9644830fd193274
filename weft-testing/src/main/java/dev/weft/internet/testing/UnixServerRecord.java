package dev.weft.internet.testing;

import dev.weft.internet.IProtocolFactory;

/**
 * Records one {@link MemoryReactor#listenUNIX} call. Immutable; thread-safe.
 *
 * @param factory the factory passed in; none of its methods has been called
 */
public record UnixServerRecord(String path, IProtocolFactory factory, int backlog) {}
