package dev.weft.internet.testing;

import dev.weft.internet.IProtocolFactory;

/**
 * Records one {@link MemoryReactor#listenTCP} call, its arguments unchanged (port 0 stays 0: nothing is bound); none of
 * the factory's methods has been called. Immutable; thread-safe.
 */
public record TcpServerRecord(int port, IProtocolFactory factory, int backlog, String iface) {}
