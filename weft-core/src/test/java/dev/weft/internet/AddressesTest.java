package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class AddressesTest {
    @Test
    void recognisesIPv6LiteralsWithoutResolvingNames() {
        assertThat(Addresses.isIPv6Literal("::1")).isTrue();
        assertThat(Addresses.isIPv6Literal("fe80::1%eth0")).isTrue();
        assertThat(Addresses.isIPv6Literal("::ffff:1.2.3.4")).isTrue();
        assertThat(Addresses.isIPv6Literal("127.0.0.1")).isFalse();
        assertThat(Addresses.isIPv6Literal("example.org")).isFalse();
        assertThat(Addresses.isIPv6Literal("not:a:host")).isFalse();
        assertThat(Addresses.isIPv6Literal("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(Addresses.isIPv6Literal("%eth0")).isFalse();
    }

    @Test
    void tcpAddressesAreIPv6ForIPv6LiteralsAndIPv4OtherwiseAsWritten() {
        assertThat(Addresses.tcp("::1", 80)).isEqualTo(IPv6Address.tcp("::1", 80));
        assertThat(Addresses.tcp("127.0.0.1", 80)).isEqualTo(IPv4Address.tcp("127.0.0.1", 80));
        assertThat(Addresses.tcp("example.org", 80)).isEqualTo(IPv4Address.tcp("example.org", 80));
    }

    @Test
    void addressesAsTextAndAsEndpointStrings() {
        IPv4Address v4 = IPv4Address.tcp("127.0.0.1", 9000);
        IPv6Address v6 = IPv6Address.tcp("::1", 9000);
        UNIXAddress unix = new UNIXAddress("/tmp/w.sock");

        assertThat(Addresses.text(v4)).isEqualTo("127.0.0.1:9000");
        assertThat(Addresses.text(v6)).isEqualTo("[::1]:9000");
        assertThat(Addresses.text(unix)).isEqualTo("/tmp/w.sock");
        assertThat(Addresses.text(new UNIXAddress(null))).isEqualTo("unix");
        assertThat(Addresses.serverEndpoint(v4)).isEqualTo("tcp:9000:interface=127.0.0.1");
        assertThat(Addresses.serverEndpoint(v6)).isEqualTo("tcp6:9000:interface=[::1]");
        assertThat(Addresses.clientEndpoint(v4)).isEqualTo("tcp:host=127.0.0.1:port=9000");
        assertThat(Addresses.clientEndpoint(v6)).isEqualTo("tcp:host=[::1]:port=9000");
        assertThat(Addresses.clientEndpoint(IPv4Address.tcp("0.0.0.0", 1))).isEqualTo("tcp:host=127.0.0.1:port=1");
        assertThat(Addresses.clientEndpoint(IPv6Address.tcp("::", 1))).isEqualTo("tcp:host=[::1]:port=1");
        assertThat(Addresses.serverEndpoint(unix)).isEqualTo("unix:/tmp/w.sock");
        assertThat(Addresses.clientEndpoint(unix)).isEqualTo("unix:/tmp/w.sock");
    }
}
