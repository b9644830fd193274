package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.fixture.SinkConnection;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.task.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link Listen} on a {@code SinkServer} parameter makes the injected server listen there: a plain {@code
 * java.net.Socket} dialling {@code ::1} reaches it. Without it the server stays on {@code 127.0.0.1}; a test's
 * parameters that disagree, a {@code @Listen} that is no IP literal and one on another type fail, saying what to do.
 */
class WeftExtensionListenTest {
    /** What the cases saw, in order. */
    static final List<Object> SEEN = new ArrayList<>();

    /** Connects with the JDK's own client, sends {@code hi\n} and closes. */
    static void dialAndSend(InetAddress host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            OutputStream out = s.getOutputStream();
            out.write("hi\n".getBytes(US_ASCII));
            out.flush();
        }
    }

    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Dials {
        @Test
        void overIpv6(@Listen("::1") SinkServer server) throws IOException {
            dialAndSend(InetAddress.getByName("::1"), server.port());
            SinkConnection c = server.takeConnection(Duration.ofSeconds(10));
            SEEN.add(new String(c.data(), US_ASCII));
            SEEN.add(c.transport().getPeer());
            SEEN.add(server.address());
            SEEN.add(server.endpoint());
        }

        @Test
        void byDefaultOverIpv4(SinkServer server) throws IOException {
            dialAndSend(InetAddress.getByName("127.0.0.1"), server.port());
            SinkConnection c = server.takeConnection(Duration.ofSeconds(10));
            SEEN.add(new String(c.data(), US_ASCII));
            SEEN.add(c.transport().getPeer());
            SEEN.add(server.address());
            SEEN.add(server.endpoint());
        }
    }

    /** The constructor, {@code @BeforeEach}, body and {@code @AfterEach} share one server when they agree. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Shared {
        Shared(@Listen("::1") SinkServer server) {
            SEEN.add(server);
        }

        @BeforeEach
        void setUp(@Listen("[::1]") SinkServer server) {
            SEEN.add(server);
        }

        @Test
        void test(@Listen("0:0:0:0:0:0:0:1") SinkServer server) {
            SEEN.add(server);
        }

        @AfterEach
        void tearDown(@Listen("::1") SinkServer server) {
            SEEN.add(server);
        }
    }

    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Disagree {
        @BeforeEach
        void setUp(SinkServer server) {}

        @Test
        void test(@Listen("::1") SinkServer server) {}
    }

    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Misused {
        @Test
        void aHostName(@Listen("localhost") SinkServer server) {}

        @Test
        void onAClock(@Listen("::1") Clock clock) {}

        @TransportTest(Transport.Kind.MEMORY)
        void onATransport(@Listen("::1") Transport transport) {}
    }

    private static Events run(Class<?> cases) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectClass(cases))
                .execute()
                .testEvents();
    }

    /** Each failed test's display name and message. */
    private static Map<String, String> failures(Events events) {
        return events.failed().stream()
                .collect(Collectors.toMap(
                        (Event e) -> e.getTestDescriptor().getLegacyReportingName(),
                        e -> e.getPayload(TestExecutionResult.class)
                                .flatMap(TestExecutionResult::getThrowable)
                                .map(String::valueOf)
                                .orElse("?")));
    }

    @Test
    void aClientDiallingIpv6LoopbackReachesTheInjectedServer() throws IOException {
        Events events = run(Dials.class);
        assertThat(failures(events)).isEmpty();
        assertThat(events.succeeded().count()).isEqualTo(2);

        // overIpv6 ran first or second: find its four entries by the peer's family
        int six = SEEN.get(1) instanceof IPv6Address ? 0 : 4;
        assertThat(SEEN.get(six)).isEqualTo("hi\n");
        assertThat(SEEN.get(six + 1))
                .isInstanceOfSatisfying(
                        IPv6Address.class, peer -> assertThat(peer.host()).isEqualTo("::1"));
        assertThat(SEEN.get(six + 2))
                .isEqualTo(new InetSocketAddress(
                        InetAddress.getByName("::1"), ((InetSocketAddress) SEEN.get(six + 2)).getPort()));
        assertThat((String) SEEN.get(six + 3)).startsWith("tcp:host=[::1]:port=");

        int four = 4 - six;
        assertThat(SEEN.get(four)).isEqualTo("hi\n");
        assertThat(SEEN.get(four + 1))
                .as("without @Listen the server stays on 127.0.0.1")
                .isInstanceOfSatisfying(
                        IPv4Address.class, peer -> assertThat(peer.host()).isEqualTo("127.0.0.1"));
        assertThat(((InetSocketAddress) SEEN.get(four + 2)).getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat((String) SEEN.get(four + 3)).startsWith("tcp:host=127.0.0.1:port=");
    }

    @Test
    void parametersAskingForOneAddressShareOneServer() {
        Events events = run(Shared.class);
        assertThat(failures(events)).isEmpty();
        assertThat(SEEN).hasSize(4);
        assertThat(SEEN).allSatisfy(s -> assertThat(s).isSameAs(SEEN.get(0)));
    }

    @Test
    void parametersAskingForTwoAddressesFailNamingBoth() {
        Map<String, String> failures = failures(run(Disagree.class));
        assertThat(failures).hasSize(1);
        assertThat(failures.values().iterator().next())
                .contains("the SinkServer parameter 1 of Disagree.test")
                .contains("asks for a server listening on ::1 (@Listen(\"::1\"))")
                .contains("the test's one SinkServer listens on 127.0.0.1 (no @Listen)")
                .contains("as the SinkServer parameter 1 of Disagree.setUp asked")
                .contains("the same @Listen")
                .contains("SinkServer.builder().listenAddress(\"::1\").start()");
    }

    @Test
    void aListenThatIsNoAddressOrOnAnotherTypeFailsSayingWhatToDo() {
        Map<String, String> failures = failures(run(Misused.class));
        assertThat(failures).hasSize(3);
        assertThat(failures.get("aHostName(SinkServer)"))
                .contains("@Listen(\"localhost\") is not an IP address")
                .contains("\"::1\" or \"127.0.0.1\"");
        assertThat(failures.get("onAClock(Clock)"))
                .contains("the Clock parameter 1 of Misused.onAClock")
                .contains("@Listen sets the address of the injected SinkServer only; take it off");
        assertThat(failures.get("onATransport(Transport)[1]"))
                .contains("the Transport parameter 1 of Misused.onATransport")
                .contains("@TransportTest({Transport.Kind.TCP, Transport.Kind.TCP6})");
    }
}
