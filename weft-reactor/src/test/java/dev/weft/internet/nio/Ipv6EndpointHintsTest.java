package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The spellings an IPv6 endpoint error suggests are spellings the parser takes: each is tried. */
final class Ipv6EndpointHintsTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /** Listens with {@code description} and returns the host it listens on. */
    private String listensOn(String description) {
        IListeningPort port = rt.await(
                () -> Endpoints.serverFromString(rt.reactor(), description).listen(new AccumulatingServerFactory()));
        String host = ((IPv6Address) port.getHost()).host();
        rt.await(port::stopListening);
        return host;
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theInterfacesATcp6ErrorSuggestsListenOnIpv6() {
        Throwable error = catchThrowable(() -> Endpoints.serverFromString(rt.reactor(), "tcp6:0:interface=127.0.0.1"));
        assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an IPv6 interface");
        String advice = error.getMessage().substring(error.getMessage().indexOf("needs"));
        List<String> suggested = all(Pattern.compile("(interface=[^\\s,)\"]+)"), advice);
        assertThat(suggested).contains("interface=[::1]", "interface=\\:\\:1").hasSize(2);
        for (String s : suggested) {
            assertThat(listensOn("tcp6:0:" + s)).as(s).isEqualTo("::1");
        }
    }

    @Test
    void theStringsANeedsBracketsErrorSuggestsParseToTheAddress() {
        String given = "tcp6:0:interface=::1";
        Throwable error = catchThrowable(() -> Endpoints.serverFromString(rt.reactor(), given));
        List<String> suggested = all(Pattern.compile("(tcp6:0:interface=[^\\s,)\"]+)"), error.getMessage());
        assertThat(suggested).containsExactly(given, "tcp6:0:interface=[::1]", "tcp6:0:interface=\\:\\:1");
        for (String s : suggested.subList(1, 3)) {
            assertThat(listensOn(s)).as(s).isEqualTo("::1");
        }
    }

    @Test
    void aClientStringsErrorSuggestsTheEscapedSpellingToo() {
        assertThatThrownBy(() -> Endpoints.clientFromString(rt.reactor(), "tcp:host=::1:port=9:timeout=1"))
                .hasMessageEndingWith("an IPv6 address needs brackets: tcp:host=[::1]:port=9:timeout=1 (or each colon"
                        + " escaped, as in Twisted: tcp:host=\\:\\:1:port=9:timeout=1)");
        Endpoints.clientFromString(rt.reactor(), "tcp:host=\\:\\:1:port=9:timeout=1"); // parses
    }
}
