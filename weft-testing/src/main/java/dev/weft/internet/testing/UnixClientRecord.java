package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;

/**
 * Records one {@link MemoryReactor#connectUNIX} call: Twisted's {@code (address, factory, timeout,
 * checkPID)} tuple in {@code MemoryReactor.unixClients}, without {@code checkPID} (weft has none),
 * plus the connector the call returned.
 *
 * <p>An immutable value (the connector itself is mutable); thread-safe to read.
 *
 * @param path the socket path passed in
 * @param factory the factory passed in; only its {@code startedConnecting} has been called
 * @param timeout the timeout in seconds passed in
 * @param connector the connector {@code connectUNIX} returned
 */
public record UnixClientRecord(String path, ClientFactory factory, double timeout, FakeConnector connector) {}
