package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A null argument to weft-junit's public API is refused with a message naming it, not the JDK's bare NPE. */
class NullArgumentsTest {
    @Test
    void connectNamesTheNullSupplier() throws Exception {
        try (Transport memory = new Transport(Transport.Kind.MEMORY)) {
            assertThatThrownBy(() -> memory.connect(null, AccumulatingProtocol::new))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("server is null");
            assertThatThrownBy(() -> memory.connect(AccumulatingProtocol::new, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("client is null");
        }
    }

    @Test
    void connectNamesTheSupplierThatReturnedNull() throws Exception {
        Supplier<IProtocol> none = () -> null;
        try (Transport memory = new Transport(Transport.Kind.MEMORY)) {
            assertThatThrownBy(() -> memory.connect(none, AccumulatingProtocol::new))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("connect: the server supplier returned null; return a new protocol on each call");
            assertThatThrownBy(() -> memory.connect(AccumulatingProtocol::new, none))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("the client supplier returned null");
        }
    }

    @Test
    void awaitClosedNamesTheNullTimeoutEvenInMemory() throws Exception {
        try (Transport memory = new Transport(Transport.Kind.MEMORY)) {
            Conversation<AccumulatingProtocol, AccumulatingProtocol> c =
                    memory.connect(AccumulatingProtocol::new, AccumulatingProtocol::new);

            // in memory the timeout is not used: before, null passed here and failed only over a socket
            assertThatThrownBy(() -> c.awaitClosed(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("timeout is null");
        }
    }

    @Test
    void theContractsBytesHelperNamesTheNullText() {
        assertThatThrownBy(() -> TransportContract.bytes(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("bytes(text): text is null");
    }
}
