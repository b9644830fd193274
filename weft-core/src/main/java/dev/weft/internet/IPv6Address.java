package dev.weft.internet;

/**
 * Names an IPv6 endpoint of a TCP or UDP socket: Twisted's {@code IPv6Address}.
 *
 * <p>An immutable value: equality and hash come from all five fields. The host is kept as given
 * (for example {@code "::1"}); nothing is resolved. Thread-safe.
 *
 * @param type {@code "TCP"} or {@code "UDP"}
 * @param host the host, usually an IPv6 literal without brackets
 * @param port the port number, 0 to 65535
 * @param flowInfo the IPv6 flow information (Twisted's {@code flowInfo}), usually 0
 * @param scopeId the scope (interface) id (Twisted's {@code scopeID}), usually 0
 */
public record IPv6Address(String type, String host, int port, int flowInfo, int scopeId) implements IAddress {
    /**
     * Checks the fields.
     *
     * @param type {@code "TCP"} or {@code "UDP"}
     * @param host the host
     * @param port the port number, 0 to 65535
     * @param flowInfo the IPv6 flow information
     * @param scopeId the scope id
     * @throws IllegalArgumentException if {@code type} is neither {@code "TCP"} nor {@code "UDP"}, or
     *     {@code port} is outside 0..65535
     */
    public IPv6Address {
        IPv4Address.checkType(type);
        IPv4Address.checkPort(port);
    }

    /**
     * Creates an address with flow information and scope id 0, as Twisted's defaults.
     *
     * @param type {@code "TCP"} or {@code "UDP"}
     * @param host the host
     * @param port the port number, 0 to 65535
     * @throws IllegalArgumentException if {@code type} is neither {@code "TCP"} nor {@code "UDP"}, or
     *     {@code port} is outside 0..65535
     */
    public IPv6Address(String type, String host, int port) {
        this(type, host, port, 0, 0);
    }
}
