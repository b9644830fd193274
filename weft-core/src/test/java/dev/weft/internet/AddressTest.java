package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AddressTest {
    @Test
    void ipv4AddressesWithEqualFieldsAreEqualAndHashAlike() {
        IPv4Address a = new IPv4Address(AddressType.TCP, "127.0.0.1", 8080);
        IPv4Address b = IPv4Address.tcp("127.0.0.1", 8080);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void ipv4AddressesDifferingInAnyFieldAreNotEqual() {
        IPv4Address a = IPv4Address.tcp("127.0.0.1", 8080);

        assertThat(a)
                .isNotEqualTo(new IPv4Address(AddressType.UDP, "127.0.0.1", 8080))
                .isNotEqualTo(IPv4Address.tcp("127.0.0.2", 8080))
                .isNotEqualTo(IPv4Address.tcp("127.0.0.1", 8081));
    }

    @Test
    void addressTypesPrintTwistedsSpellingAndAreRequired() {
        assertThat(AddressType.TCP).hasToString("TCP");
        assertThat(AddressType.UDP).hasToString("UDP");
        assertThat(new IPv4Address(AddressType.UDP, "127.0.0.1", 1))
                .hasToString("IPv4Address[type=UDP, host=127.0.0.1, port=1]");
        assertThat(IPv6Address.tcp("::1", 1).type()).isEqualTo(AddressType.TCP);
        assertThatThrownBy(() -> new IPv4Address(null, "127.0.0.1", 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("type");
        assertThatThrownBy(() -> new IPv6Address(null, "::1", 1)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void addressesRejectAPortOutsideTheValidRange(int port) {
        assertThatThrownBy(() -> IPv4Address.tcp("127.0.0.1", port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(port));
        assertThatThrownBy(() -> IPv6Address.tcp("::1", port)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesAcceptTheWholePortRange() {
        assertThat(IPv4Address.tcp("0.0.0.0", 0).port()).isZero();
        assertThat(new IPv4Address(AddressType.UDP, "0.0.0.0", 65535).port()).isEqualTo(65535);
    }

    @Test
    void ipv6AddressDefaultsFlowInfoAndScopeIdToZero() {
        IPv6Address a = IPv6Address.tcp("::1", 80);

        assertThat(a).isEqualTo(new IPv6Address(AddressType.TCP, "::1", 80, 0, 0));
        assertThat(a.flowInfo()).isZero();
        assertThat(a.scopeId()).isZero();
    }

    @Test
    void ipv6AddressEqualityIncludesFlowInfoAndScopeId() {
        IPv6Address a = new IPv6Address(AddressType.TCP, "fe80::1", 80, 0, 2);

        assertThat(a)
                .isEqualTo(new IPv6Address(AddressType.TCP, "fe80::1", 80, 0, 2))
                .hasSameHashCodeAs(new IPv6Address(AddressType.TCP, "fe80::1", 80, 0, 2));
        assertThat(a)
                .isNotEqualTo(new IPv6Address(AddressType.TCP, "fe80::1", 80, 0, 3))
                .isNotEqualTo(new IPv6Address(AddressType.TCP, "fe80::1", 80, 1, 2));
    }

    @Test
    void anIpv4AddressNeverEqualsAnIpv6AddressWithTheSameFields() {
        assertThat((Object) IPv4Address.tcp("::1", 1)).isNotEqualTo(IPv6Address.tcp("::1", 1));
    }

    @Test
    void unixAddressesCompareByPathAndMayBeUnnamed() {
        assertThat(new UNIXAddress("/tmp/sock")).isEqualTo(new UNIXAddress("/tmp/sock"));
        assertThat(new UNIXAddress("/tmp/sock")).isNotEqualTo(new UNIXAddress("/tmp/other"));
        assertThat(new UNIXAddress(null)).isEqualTo(new UNIXAddress(null));
        assertThat(new UNIXAddress(null).name()).isNull();
    }
}
