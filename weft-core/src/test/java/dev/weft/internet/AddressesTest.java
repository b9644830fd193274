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
        assertThat(Addresses.tcp("::1", 80)).isEqualTo(new IPv6Address("TCP", "::1", 80));
        assertThat(Addresses.tcp("127.0.0.1", 80)).isEqualTo(IPv4Address.tcp("127.0.0.1", 80));
        assertThat(Addresses.tcp("example.org", 80)).isEqualTo(IPv4Address.tcp("example.org", 80));
    }
}
