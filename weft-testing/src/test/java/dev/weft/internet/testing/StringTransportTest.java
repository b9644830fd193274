package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.AddressType;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.UNIXAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StringTransportTest {
    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    /** A producer of both kinds that records every call made to it. */
    private static final class RecordingProducer implements IPushProducer, IPullProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }

        @Override
        public String toString() {
            return "RecordingProducer@" + System.identityHashCode(this);
        }
    }

    /** A protocol that counts its callbacks, to show the transport calls none. */
    private static final class Counting extends AccumulatingProtocol {
        int lost;

        @Override
        public void connectionLost(Failure reason) {
            lost++;
            super.connectionLost(reason);
        }
    }

    /** Invariant 12: value() is the ordered concatenation of write and writeSequence since construction. */
    @Test
    void valueIsTheOrderedConcatenationOfWritesAndWriteSequences() {
        StringTransport t = new StringTransport();

        t.write(ascii("a"));
        t.writeSequence(List.of(ascii("bc"), ascii(""), ascii("d")));
        t.write(ascii(""));
        t.write(ascii("ef"));

        assertThat(t.value()).isEqualTo(ascii("abcdef"));
    }

    /** Invariant 12: ... or since clear(). */
    @Test
    void clearForgetsEverythingWrittenSoFar() {
        StringTransport t = new StringTransport();
        t.write(ascii("before"));

        t.clear();
        assertThat(t.value()).isEmpty();
        t.write(ascii("after"));

        assertThat(t.value()).isEqualTo(ascii("after"));
    }

    @Test
    void valueReturnsACopyEachTime() {
        StringTransport t = new StringTransport();
        t.write(ascii("abc"));

        byte[] first = t.value();
        first[0] = 'X';

        assertThat(t.value()).isEqualTo(ascii("abc")).isNotSameAs(first);
    }

    /** Invariant 13, in Java terms: the only non-bytes a byte[] parameter can get is null. */
    @Test
    void writingNullThrowsDataMustBeBytes() {
        StringTransport t = new StringTransport();

        assertThatThrownBy(() -> t.write(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Data must be bytes");
    }

    @Test
    void writeSequenceWithANullElementRecordsNothing() {
        StringTransport t = new StringTransport();

        assertThatThrownBy(() -> t.writeSequence(Arrays.asList(ascii("a"), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Data must be bytes");
        assertThat(t.value()).isEmpty();
    }

    /** Invariant 14: loseConnection sets disconnecting only; no callback, writes still recorded. */
    @Test
    void loseConnectionOnlySetsDisconnecting() {
        StringTransport t = new StringTransport();
        Counting p = new Counting();
        p.makeConnection(t);

        t.loseConnection();
        t.write(ascii("late"));

        assertThat(t.isDisconnecting()).isTrue();
        assertThat(t.isDisconnected()).isFalse();
        assertThat(t.isConnected()).isTrue();
        assertThat(p.lost).isZero();
        assertThat(t.value()).isEqualTo(ascii("late"));
    }

    /** Invariant 15: abortConnection sets disconnected and disconnecting, with no callback. */
    @Test
    void abortConnectionSetsDisconnectedAndDisconnectingWithoutCallback() {
        StringTransport t = new StringTransport();
        Counting p = new Counting();
        p.makeConnection(t);

        t.abortConnection();
        t.write(ascii("late"));

        assertThat(t.isDisconnected()).isTrue();
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(t.isConnected()).isTrue();
        assertThat(p.lost).isZero();
        assertThat(t.value()).isEqualTo(ascii("late"));
    }

    /** Invariant 16: default addresses, overridable in the constructor, still there after a disconnect. */
    @Test
    void defaultAddressesAreTwistedsAndTheConstructorOverridesThem() {
        StringTransport defaults = new StringTransport();
        IPv6Address host = new IPv6Address(AddressType.TCP, "::1", 80, 0, 0);
        UNIXAddress peer = new UNIXAddress("/tmp/peer.sock");
        StringTransport custom = new StringTransport(host, peer);

        defaults.abortConnection();

        assertThat(defaults.getHost()).isEqualTo(IPv4Address.tcp("10.0.0.1", 12345));
        assertThat(defaults.getPeer()).isEqualTo(IPv4Address.tcp("192.168.1.1", 54321));
        assertThat(custom.getHost()).isSameAs(host);
        assertThat(custom.getPeer()).isSameAs(peer);
        assertThat(new StringTransport(null, peer).getHost()).isEqualTo(StringTransport.DEFAULT_HOST);
    }

    /** Invariant 17: registerProducer stores producer and flag and calls nothing on it. */
    @Test
    void registerProducerStoresItWithoutCallingIt() {
        StringTransport t = new StringTransport();
        RecordingProducer push = new RecordingProducer();
        RecordingProducer pull = new RecordingProducer();
        StringTransport other = new StringTransport();

        t.registerProducer(push, true);
        other.registerProducer(pull, false);

        assertThat(t.producer()).isSameAs(push);
        assertThat(t.isStreaming()).isTrue();
        assertThat(other.producer()).isSameAs(pull);
        assertThat(other.isStreaming()).isFalse();
        assertThat(push.calls).isEmpty();
        assertThat(pull.calls).isEmpty();
    }

    /** Invariant 17: a second register throws, naming the registered producer, and keeps the first. */
    @Test
    void secondRegisterProducerThrowsNamingTheRegisteredOneAndKeepsIt() {
        StringTransport t = new StringTransport();
        RecordingProducer first = new RecordingProducer();
        RecordingProducer second = new RecordingProducer();
        t.registerProducer(first, true);

        assertThatThrownBy(() -> t.registerProducer(second, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining(second.toString());
        assertThat(t.producer()).isSameAs(first);
        assertThat(t.isStreaming()).isTrue();
    }

    /**
     * Invariant 18, as weft pins it for every transport (DEVIATIONS.md: Twisted's StringTransport
     * raises): unregister without a producer is ignored; after unregistering, another can register.
     */
    @Test
    void unregisterWithoutProducerIsIgnoredAndAfterUnregisterANewOneMayRegister() {
        StringTransport t = new StringTransport();
        RecordingProducer first = new RecordingProducer();
        RecordingProducer second = new RecordingProducer();

        t.unregisterProducer();
        t.registerProducer(first, true);
        t.unregisterProducer();
        assertThat(t.producer()).isNull();
        assertThat(t.isStreaming()).isFalse();
        t.registerProducer(second, false);

        assertThat(t.producer()).isSameAs(second);
        assertThat(first.calls).isEmpty();
    }

    @Test
    void registeringAProducerOfTheWrongKindIsRefused() {
        StringTransport t = new StringTransport();
        IPullProducer pullOnly = new NonStreamingProducer(t);

        assertThatThrownBy(() -> t.registerProducer(pullOnly, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an IPushProducer");
        assertThatThrownBy(() -> t.registerProducer(t, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an IPullProducer");
        assertThat(t.producer()).isNull();
    }

    /** Invariant 19: producing, pause, paused, resume, producing; stopped; then pause and resume throw. */
    @Test
    void producerStateFollowsPauseResumeStopAndStoppedIsFinal() {
        StringTransport t = new StringTransport();
        assertThat(t.producerState()).isEqualTo(ProducerState.PRODUCING);

        t.pauseProducing();
        assertThat(t.producerState()).isEqualTo(ProducerState.PAUSED);
        t.resumeProducing();
        assertThat(t.producerState()).isEqualTo(ProducerState.PRODUCING);
        t.stopProducing();
        assertThat(t.producerState()).isEqualTo(ProducerState.STOPPED);

        assertThatThrownBy(t::pauseProducing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after stopProducing");
        assertThatThrownBy(t::resumeProducing).isInstanceOf(IllegalStateException.class);
        assertThat(t.producerState()).isEqualTo(ProducerState.STOPPED);
        assertThat(ProducerState.values())
                .extracting(Object::toString)
                .containsExactly("producing", "paused", "stopped");
    }

    /** Invariant 20: after loseConnection, pause and resume throw unless lenient; stopProducing never throws. */
    @Test
    void pauseAndResumeAfterLoseConnectionThrowUnlessLenient() {
        StringTransport strict = new StringTransport();
        StringTransport lenient = new StringTransport(null, null, true);
        strict.loseConnection();
        lenient.loseConnection();

        assertThatThrownBy(strict::pauseProducing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after loseConnection");
        assertThatThrownBy(strict::resumeProducing).isInstanceOf(IllegalStateException.class);
        assertThat(strict.producerState()).isEqualTo(ProducerState.PRODUCING);
        lenient.pauseProducing();
        assertThat(lenient.producerState()).isEqualTo(ProducerState.PAUSED);
        lenient.resumeProducing();
        assertThat(lenient.producerState()).isEqualTo(ProducerState.PRODUCING);
        assertThat(lenient.isLenient()).isTrue();
        assertThat(strict.isLenient()).isFalse();
    }

    /** Invariant 20: stopProducing never throws, even twice or after loseConnection. */
    @Test
    void stopProducingNeverThrows() {
        StringTransport t = new StringTransport();
        t.loseConnection();

        t.stopProducing();
        t.stopProducing();

        assertThat(t.producerState()).isEqualTo(ProducerState.STOPPED);
    }

    @Test
    void loseWriteConnectionSetsAFlagAndWritesAreStillRecorded() {
        StringTransport t = new StringTransport();

        t.loseWriteConnection();
        t.write(ascii("x"));

        assertThat(t.isWriteDisconnecting()).isTrue();
        assertThat(t.isDisconnecting()).isFalse();
        assertThat(t.value()).isEqualTo(ascii("x"));
    }

    @Test
    void tcpOptionsAreStoredAndStartOff() {
        StringTransport t = new StringTransport();
        assertThat(t.getTcpNoDelay()).isFalse();
        assertThat(t.getTcpKeepAlive()).isFalse();

        t.setTcpNoDelay(true);
        t.setTcpKeepAlive(true);

        assertThat(t.getTcpNoDelay()).isTrue();
        assertThat(t.getTcpKeepAlive()).isTrue();
        t.setTcpNoDelay(false);
        assertThat(t.getTcpNoDelay()).isFalse();
    }

    @Test
    void toStringNamesAddressesSizeAndState() {
        StringTransport t = new StringTransport();
        t.write(ascii("abc"));
        t.loseConnection();

        assertThat(t.toString())
                .startsWith("StringTransport[")
                .contains("10.0.0.1", "192.168.1.1", "3 bytes written", "disconnecting");
    }
}
