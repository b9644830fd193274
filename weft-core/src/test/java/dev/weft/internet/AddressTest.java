package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AddressTest {
    @Test
    void ipv4AddressesWithEqualFieldsAreEqualAndHashAlike() {
        IPv4Address a = new IPv4Address("TCP", "127.0.0.1", 8080);
        IPv4Address b = IPv4Address.tcp("127.0.0.1", 8080);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void ipv4AddressesDifferingInAnyFieldAreNotEqual() {
        IPv4Address a = new IPv4Address("TCP", "127.0.0.1", 8080);

        assertThat(a)
                .isNotEqualTo(new IPv4Address("UDP", "127.0.0.1", 8080))
                .isNotEqualTo(new IPv4Address("TCP", "127.0.0.2", 8080))
                .isNotEqualTo(new IPv4Address("TCP", "127.0.0.1", 8081));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCTP", "tcp", "", "TCP "})
    void ipv4AddressRejectsATypeOtherThanTcpOrUdp(String type) {
        assertThatThrownBy(() -> new IPv4Address(type, "127.0.0.1", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + type + "\"");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void addressesRejectAPortOutsideTheValidRange(int port) {
        assertThatThrownBy(() -> IPv4Address.tcp("127.0.0.1", port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(port));
        assertThatThrownBy(() -> new IPv6Address("TCP", "::1", port)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesAcceptTheWholePortRange() {
        assertThat(IPv4Address.tcp("0.0.0.0", 0).port()).isZero();
        assertThat(new IPv4Address("UDP", "0.0.0.0", 65535).port()).isEqualTo(65535);
    }

    @Test
    void ipv6AddressDefaultsFlowInfoAndScopeIdToZero() {
        IPv6Address a = new IPv6Address("TCP", "::1", 80);

        assertThat(a).isEqualTo(new IPv6Address("TCP", "::1", 80, 0, 0));
        assertThat(a.flowInfo()).isZero();
        assertThat(a.scopeId()).isZero();
    }

    @Test
    void ipv6AddressEqualityIncludesFlowInfoAndScopeId() {
        IPv6Address a = new IPv6Address("TCP", "fe80::1", 80, 0, 2);

        assertThat(a)
                .isEqualTo(new IPv6Address("TCP", "fe80::1", 80, 0, 2))
                .hasSameHashCodeAs(new IPv6Address("TCP", "fe80::1", 80, 0, 2));
        assertThat(a)
                .isNotEqualTo(new IPv6Address("TCP", "fe80::1", 80, 0, 3))
                .isNotEqualTo(new IPv6Address("TCP", "fe80::1", 80, 1, 2));
    }

    @Test
    void ipv6AddressRejectsATypeOtherThanTcpOrUdp() {
        assertThatThrownBy(() -> new IPv6Address("UNIX", "::1", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIpv4AddressNeverEqualsAnIpv6AddressWithTheSameFields() {
        assertThat((Object) IPv4Address.tcp("::1", 1)).isNotEqualTo(new IPv6Address("TCP", "::1", 1));
    }

    @Test
    void unixAddressesCompareByPathAndMayBeUnnamed() {
        assertThat(new UNIXAddress("/tmp/sock")).isEqualTo(new UNIXAddress("/tmp/sock"));
        assertThat(new UNIXAddress("/tmp/sock")).isNotEqualTo(new UNIXAddress("/tmp/other"));
        assertThat(new UNIXAddress(null)).isEqualTo(new UNIXAddress(null));
        assertThat(new UNIXAddress(null).name()).isNull();
    }
}
