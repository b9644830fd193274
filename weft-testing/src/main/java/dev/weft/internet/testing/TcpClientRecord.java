package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Records one {@link MemoryReactor#connectTCP} call, its arguments unchanged, and the connector it returned; only the
 * factory's {@code startedConnecting} has been called. Immutable (the connector is mutable); thread-safe to read.
 */
public record TcpClientRecord(
        String host,
        int port,
        ClientFactory factory,
        double timeout,
        @Nullable InetSocketAddress bindAddress,
        FakeConnector connector) {}
