package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.CannotListenError;
import dev.weft.internet.ConnectError;
import dev.weft.internet.nio.internal.ConnectErrors;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the commands say about IPv6 listen and connect failures: advice in the family the user wrote. */
final class Ipv6ProblemsTest {
    private static CannotListenError notLocal(String iface) {
        return new CannotListenError(iface, 0, new BindException("Cannot assign requested address"));
    }

    @Test
    void anIpv6InterfaceOfNoInterfaceIsAdvisedIpv6Addresses() {
        String endpoint = "tcp:0:interface=[::2]";
        assertThat(Problems.cannotListen("--listen", endpoint, notLocal("::2")))
                .isEqualTo("cannot listen on " + endpoint + " (--listen): no interface of this machine has that"
                        + " address; use interface=[::1], or interface=[::] for all");
        String six = "tcp6:0:interface=\\:\\:2";
        assertThat(Problems.cannotListen("--listen", six, notLocal("::2")))
                .endsWith("use interface=[::1], or interface=[::] for all");
    }

    @Test
    void anIpv4InterfaceOfNoInterfaceIsStillAdvisedIpv4Addresses() {
        String endpoint = "tcp:0:interface=192.0.2.1";
        assertThat(Problems.cannotListen("--listen", endpoint, notLocal("192.0.2.1")))
                .endsWith("use interface=127.0.0.1, or 0.0.0.0 for all");
    }

    @Test
    void aRefusedConnectToAHostNameNamesTheIpv6AddressTried() {
        String endpoint = "tcp:host=localhost:port=9";
        ConnectError error = ConnectErrors.of(new ConnectException("Connection refused"), "localhost:9 (::1)", false);
        assertThat(Problems.cannotConnect(endpoint, error))
                .isEqualTo("cannot connect to " + endpoint + " (tried [::1]): connection refused: nothing listens"
                        + " there; start the server first, or check the host and port");
    }

    @Test
    void anAddressLiteralIsNotRepeated() {
        String endpoint = "tcp:host=[::1]:port=9";
        ConnectError error = ConnectErrors.of(new ConnectException("Connection refused"), "[::1]:9", false);
        assertThat(Problems.cannotConnect(endpoint, error)).startsWith("cannot connect to " + endpoint + ": ");
    }

    @Test
    void sendToARefusingHostNameSaysWhichAddressItTried() throws Exception {
        // The port is held (bound, never listening) on 127.0.0.1 and, where it can be, on ::1: localhost may name
        // either, and no other test's listener is given it meanwhile.
        try (Clients.HeldPort held = Clients.refusingPort();
                java.net.Socket v6 = new java.net.Socket()) {
            try {
                v6.bind(new java.net.InetSocketAddress("::1", held.port()));
            } catch (java.io.IOException taken) {
                // ::1 is not held; on a machine whose localhost is 127.0.0.1 it is not asked
            }
            String endpoint = "tcp:host=localhost:port=" + held.port();
            assertThat(CliRun.run("send", endpoint).oneErrorLine(1))
                    .matches(Pattern.quote("weft send: cannot connect to " + endpoint)
                            + " \\(tried (127\\.0\\.0\\.1|\\[::1])\\):" + " connection refused: .*");
        }
    }

    @Test
    void sendWithABindAddressOfTheOtherFamilyFailsAtOnceSayingSo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String endpoint = "tcp:host=127.0.0.1:port=" + server.getLocalPort() + ":bindAddress=[::1]";
            // Before, the connect timed out after 30 s, blaming a firewall; the line says why at once.
            String line = CliRun.run("send", endpoint).oneErrorLine(1);
            assertThat(line)
                    .startsWith("weft send: cannot connect to " + endpoint + ": ")
                    .contains("the bind address is IPv6 and the destination IPv4");
        }
    }
}
