package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ProtocolTest {
    /** Records what it saw when connectionMade ran. */
    private static final class Watching extends Protocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made connected=" + isConnected() + " transport=" + (transport() != null));
        }
    }

    /** Invariant 1. */
    @Test
    void makeConnectionSetsConnectedAndTransportThenCallsConnectionMadeOnceSynchronously() {
        Watching p = new Watching();
        RecordingTransport t = new RecordingTransport();

        assertThat(p.isConnected()).isFalse();
        p.makeConnection(t);

        assertThat(p.events).containsExactly("made connected=true transport=true");
        assertThat(p.isConnected()).isTrue();
        assertThat(p.transport()).isSameAs(t);
    }

    @Test
    void makeConnectionTwiceCallsConnectionMadeTwiceAsTwistedDoes() {
        Watching p = new Watching();
        RecordingTransport first = new RecordingTransport();
        RecordingTransport second = new RecordingTransport();

        p.makeConnection(first);
        p.makeConnection(second);

        assertThat(p.events).hasSize(2);
        assertThat(p.transport()).isSameAs(second);
    }

    /** Invariant 2. */
    @Test
    void connectionLostDoesNotResetConnectedNorTheTransport() {
        Protocol p = new Protocol();
        RecordingTransport t = new RecordingTransport();
        p.makeConnection(t);

        p.connectionLost(new Failure(new ConnectionDone()));

        assertThat(p.isConnected()).isTrue();
        assertThat(p.transport()).isSameAs(t);
    }

    @Test
    void transportBeforeMakeConnectionThrowsNamingTheProtocolClass() {
        Protocol p = new Protocol();

        assertThatThrownBy(p::transport)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.weft.internet.Protocol")
                .hasMessageContaining("makeConnection");
    }

    @Test
    void defaultCallbacksDoNothingAndWriteNothing() {
        Protocol p = new Protocol();
        RecordingTransport t = new RecordingTransport();
        p.makeConnection(t);

        p.dataReceived(new byte[] {1, 2, 3});
        p.connectionLost(new Failure(new ConnectionLost()));

        assertThat(t.written.size()).isZero();
        assertThat(t.calls).isEmpty();
    }

    @Test
    void logPrefixIsTheSimpleClassName() {
        assertThat(new Protocol().logPrefix()).isEqualTo("Protocol");
        assertThat(new Watching().logPrefix()).isEqualTo("Watching");
    }

    @Test
    void logPrefixOfAnAnonymousProtocolIsItsFullClassName() {
        Protocol anonymous = new Protocol() {};

        assertThat(anonymous.logPrefix()).isEqualTo(anonymous.getClass().getName());
    }

    @Test
    void factoryIsNullUntilSetAndCanBeCleared() {
        Protocol p = new Protocol();
        Factory f = new Factory();

        assertThat(p.factory()).isNull();
        p.setFactory(f);
        assertThat(p.factory()).isSameAs(f);
        p.setFactory(null);
        assertThat(p.factory()).isNull();
    }
}
