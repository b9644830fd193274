package dev.weft.internet;

/**
 * The transport of an {@link IPv4Address} or {@link IPv6Address} (Twisted's {@code "TCP"} and {@code "UDP"} strings,
 * which {@link #toString()} gives). Immutable; thread-safe.
 */
public enum AddressType {
    /** A stream (TCP) socket. */
    TCP,
    /** A datagram (UDP) socket. */
    UDP
}
