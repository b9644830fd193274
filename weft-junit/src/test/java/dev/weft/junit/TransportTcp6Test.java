package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPv6Address;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.time.Duration;

/** The {@code tcp6} transport: the same conversation over loopback IPv6. */
class TransportTcp6Test {
    @TransportTest(Transport.Kind.TCP6)
    void aConversationRunsOverIpv6Loopback(Transport transport) {
        Conversation<AccumulatingProtocol, TransportTestTest.Greeter> c =
                transport.connect(TransportTestTest.Greeter::new, AccumulatingProtocol::new);
        c.awaitClosed(Duration.ofSeconds(30));

        assertThat(transport.toString()).isEqualTo("tcp6");
        assertThat(c.client().data()).asString(US_ASCII).isEqualTo("hello");
        assertThat(c.client().transport().getPeer())
                .isInstanceOfSatisfying(
                        IPv6Address.class, peer -> assertThat(peer.host()).isEqualTo("::1"));
        assertThat(c.server().transport().getPeer()).isInstanceOf(IPv6Address.class);
    }
}
