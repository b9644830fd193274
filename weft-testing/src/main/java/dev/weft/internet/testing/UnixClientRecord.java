package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;

/**
 * Records one {@link MemoryReactor#connectUNIX} call, its arguments unchanged, and the connector it returned; only the
 * factory's {@code startedConnecting} has been called. Immutable (the connector is mutable); thread-safe to read.
 */
public record UnixClientRecord(String path, ClientFactory factory, double timeout, FakeConnector connector) {}
