package dev.weft.internet.testing;

import dev.weft.internet.IProtocolFactory;

/**
 * Records one {@link MemoryReactor#listenTCP} call. Immutable; thread-safe.
 *
 * @param port the port number asked for (0 stays 0: nothing is bound)
 * @param factory the factory passed in; none of its methods has been called
 * @param iface the interface passed in, {@code ""} for all IPv4 interfaces
 */
public record TcpServerRecord(int port, IProtocolFactory factory, int backlog, String iface) {}
