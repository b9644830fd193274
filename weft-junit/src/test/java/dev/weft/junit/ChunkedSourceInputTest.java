package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.internet.testing.Split;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link ChunkedSource} takes its input as text, as hex or from a resource file, and names what is wrong with a bad
 * one. Before, it took text only: no byte that is not UTF-8 could be given.
 */
class ChunkedSourceInputTest {
    /** The inputs the case was given. */
    static final List<byte[]> SEEN = new ArrayList<>();

    /** The cases; run only through EngineTestKit. */
    @ExtendWith(OnlyInTestKit.class)
    static class Cases {
        @ParameterizedTest
        @ChunkedSource(hex = "00 01 fF\n80", randomSplits = 0)
        void hex(Split split, byte[] input) {
            SEEN.add(input);
        }

        @ParameterizedTest
        @ChunkedSource(hex = "00 0g", randomSplits = 0)
        void badHex(Split split, byte[] input) {
            SEEN.add(input);
        }
    }

    private static Events run(String method) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, method, Split.class.getName() + ", byte[]"))
                .execute()
                .allEvents();
    }

    @Test
    void hexGivesItsBytesToEveryInvocation() {
        Events events = run("hex");

        assertThat(events.failed().count()).isZero();
        assertThat(SEEN).hasSize(5 + 2).allSatisfy(input -> assertThat(input).containsExactly(0x00, 0x01, 0xff, 0x80));
        assertThat(events.succeeded().list())
                .filteredOn(e -> e.getTestDescriptor().isTest())
                .first()
                .extracting(e -> e.getTestDescriptor().getDisplayName())
                .isEqualTo("[1] Split.whole(), 4 bytes");
    }

    @Test
    void badHexFailsOnceNamingTheCharacterAndItsOffset() {
        Events events = run("badHex");

        assertThat(SEEN).isEmpty();
        List<Event> failed = events.failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0)
                        .getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .orElseThrow())
                .hasMessageStartingWith("@ChunkedSource(hex = \"00 0g\") on method [")
                .hasMessageContaining("Cases.badHex(")
                .hasMessageContaining(": 'g' at offset 4 is not a hex digit; write each byte as two hex digits");
    }

    @ChunkedSource(resource = "/chunked-source/frame.bin")
    private static void fromTheRoot(Split split, byte[] input) {}

    @ChunkedSource(resource = "ping.txt")
    private static void fromThePackage(Split split, byte[] input) {}

    @ChunkedSource(resource = "/chunked-source/no-such.bin")
    private static void missing(Split split, byte[] input) {}

    @ChunkedSource(value = "PING", hex = "50")
    private static void twice(Split split, byte[] input) {}

    @ChunkedSource(randomSplits = 0)
    private static void none(Split split, byte[] input) {}

    @ChunkedSource(hex = "0 1")
    private static void digitsApart(Split split, byte[] input) {}

    @ChunkedSource(hex = "00 1")
    private static void lastDigitAlone(Split split, byte[] input) {}

    @ChunkedSource(hex = "0x01")
    private static void prefixed(Split split, byte[] input) {}

    @ChunkedSource(hex = "00\t\u0660\u0661")
    private static void arabicIndicDigits(Split split, byte[] input) {}

    /** Returns the arguments {@code method}'s annotation gives, as JUnit would ask for them. */
    private static List<byte[]> inputs(String method) throws Exception {
        Method m = ChunkedSourceInputTest.class.getDeclaredMethod(method, Split.class, byte[].class);
        ChunkedArgumentsProvider provider = new ChunkedArgumentsProvider();
        provider.accept(m.getAnnotation(ChunkedSource.class));
        return provider.provideArguments(MethodContext.of(m))
                .map(a -> (byte[]) ((Named<?>) a.get()[1]).getPayload())
                .collect(Collectors.toList());
    }

    @Test
    void aResourceIsFoundFromTheRootOrFromTheTestClassPackage() throws Exception {
        assertThat(inputs("fromTheRoot"))
                .isNotEmpty()
                .allSatisfy(input -> assertThat(input).containsExactly(0x00, 0xff, '\r', '\n', 0x80));
        assertThat(inputs("fromThePackage"))
                .isNotEmpty()
                .allSatisfy(input -> assertThat(input).containsExactly('P', 'I', 'N', 'G', '\r', '\n'));
    }

    @Test
    void aMissingResourceIsNamedWithWhereToPutIt() {
        assertThatThrownBy(() -> inputs("missing"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@ChunkedSource(resource = \"/chunked-source/no-such.bin\") on method [")
                .hasMessageContaining("no resource chunked-source/no-such.bin on the class path of "
                        + ChunkedSourceInputTest.class.getName())
                .hasMessageContaining("src/test/resources/chunked-source/no-such.bin");
    }

    @Test
    void theInputIsGivenExactlyOnce() {
        assertThatThrownBy(() -> inputs("twice"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("gives its input 2 times, as value and hex: give exactly one of");
        assertThatThrownBy(() -> inputs("none"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("gives no input: give it as text");
    }

    @Test
    void badHexNamesTheCharacterAndWhereItIs() {
        assertThatThrownBy(() -> inputs("digitsApart"))
                .hasMessageContaining(": the digit '0' at offset 0 is followed by a space, not by its byte's second");
        assertThatThrownBy(() -> inputs("lastDigitAlone"))
                .hasMessageContaining(": the digit '1' at offset 3 ends the text alone");
        assertThatThrownBy(() -> inputs("prefixed")).hasMessageContaining(": 'x' at offset 1 is not a hex digit");
        assertThatThrownBy(() -> inputs("arabicIndicDigits"))
                .hasMessageContaining("(hex = \"00\t\u0660\u0661\")")
                .hasMessageContaining(": U+0660 at offset 3 is not a hex digit");
    }
}
