package dev.weft.internet;

import java.util.Objects;

/**
 * Names an IPv6 endpoint of a TCP or UDP socket: Twisted's {@code IPv6Address}. The host (usually a literal without
 * brackets) is kept as given, never resolved; flow information and scope id are usually 0. Immutable; thread-safe.
 */
public record IPv6Address(AddressType type, String host, int port, int flowInfo, int scopeId) implements IAddress {
    /** Checks the fields; throws {@link IllegalArgumentException} if {@code port} is outside 0..65535. */
    public IPv6Address {
        Objects.requireNonNull(type, "type");
        IPv4Address.checkPort(port);
    }

    /** Creates an address with flow information and scope id 0; the port must be in 0..65535. */
    public IPv6Address(AddressType type, String host, int port) {
        this(type, host, port, 0, 0);
    }

    /** {@return the TCP address of {@code host} (an IPv6 literal without brackets) and {@code port} (0..65535)} */
    public static IPv6Address tcp(String host, int port) {
        return new IPv6Address(AddressType.TCP, host, port);
    }
}
