package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The enums that replace Twisted's strings print Twisted's spelling, in Twisted's order. */
final class TwistedSpellingTest {
    @Test
    void phasesPrintTwistedsNamesInTheOrderTheyRun() {
        assertThat(Phase.values()).extracting(Phase::toString).containsExactly("before", "during", "after");
    }

    @Test
    void systemEventsPrintTwistedsEventTypes() {
        assertThat(SystemEvent.values()).extracting(SystemEvent::toString).containsExactly("startup", "shutdown");
    }

    @Test
    void addressTypesPrintTwistedsNames() {
        assertThat(AddressType.values()).extracting(AddressType::toString).containsExactly("TCP", "UDP");
    }
}
