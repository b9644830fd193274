package dev.weft.internet;

import java.util.Objects;

/**
 * Names an IPv4 endpoint of a TCP or UDP socket: Twisted's {@code IPv4Address}. The host (usually a dotted-quad
 * literal) is kept as given, never resolved. Immutable; thread-safe.
 */
public record IPv4Address(AddressType type, String host, int port) implements IAddress {
    /** Checks the fields; throws {@link IllegalArgumentException} if {@code port} is outside 0..65535. */
    public IPv4Address {
        Objects.requireNonNull(type, "type");
        checkPort(port);
    }

    /** {@return the TCP address of {@code host} and {@code port} (0..65535)} */
    public static IPv4Address tcp(String host, int port) {
        return new IPv4Address(AddressType.TCP, host, port);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
    }
}
