package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;

/**
 * Records one {@link MemoryReactor#connectUNIX} call and the connector it returned. Immutable (the
 * connector is mutable); thread-safe to read.
 *
 * @param factory the factory passed in; only its {@code startedConnecting} has been called
 * @param timeout the timeout in seconds passed in
 * @param connector the connector {@code connectUNIX} returned
 */
public record UnixClientRecord(String path, ClientFactory factory, double timeout, FakeConnector connector) {}
