package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Records one {@link MemoryReactor#connectTCP} call and the connector it returned. Immutable (the
 * connector is mutable); thread-safe to read.
 *
 * @param host the host passed in, unchanged
 * @param factory the factory passed in; only its {@code startedConnecting} has been called
 * @param timeout the timeout in seconds passed in
 * @param bindAddress the bind address passed in, or null
 * @param connector the connector {@code connectTCP} returned
 */
public record TcpClientRecord(
        String host,
        int port,
        ClientFactory factory,
        double timeout,
        @Nullable InetSocketAddress bindAddress,
        FakeConnector connector) {}
