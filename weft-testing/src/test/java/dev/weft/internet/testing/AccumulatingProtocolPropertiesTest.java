package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IBufferedProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of AccumulatingProtocol over random data and random splits. */
final class AccumulatingProtocolPropertiesTest {
    /** Records the order of events around an AccumulatingProtocol. */
    private static final class Recording extends AccumulatingProtocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made");
            super.connectionMade();
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add(isMade() ? "data" : "data-before-made");
            super.dataReceived(data);
        }

        @Override
        public void bufferUpdated(int nbytes) {
            events.add(isMade() ? "data" : "data-before-made");
            super.bufferUpdated(nbytes);
        }
    }

    /** One input and one split that fits it. */
    record Case(byte[] input, Split split) {
        @Override
        public String toString() {
            return input.length + " bytes as " + split;
        }
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(20_000);
    }

    @Provide
    Arbitrary<Case> cases() {
        return inputs().flatMap(input -> splitsFor(input.length).map(split -> new Case(input, split)));
    }

    private static Arbitrary<Split> splitsFor(int length) {
        return Arbitraries.oneOf(
                Arbitraries.just(Split.whole()),
                Arbitraries.integers()
                        .between(1, Math.max(1, length))
                        .map(k -> k > length ? Split.whole() : Split.at(k)),
                Arbitraries.integers().between(1, Math.max(1, length)).map(Split::every),
                Arbitraries.longs().map(Split::random),
                Arbitraries.longs().map(seed -> Split.random(seed, 17)),
                Arbitraries.integers()
                        .between(0, 300)
                        .array(int[].class)
                        .ofMaxSize(40)
                        .map(sizes -> Split.sizes(clip(sizes, length))));
    }

    /** Shortens the sizes so that they add up to no more than {@code length}. */
    private static int[] clip(int[] sizes, int length) {
        int[] clipped = new int[sizes.length];
        int left = length;
        for (int i = 0; i < sizes.length; i++) {
            clipped[i] = Math.min(sizes[i], left);
            left -= clipped[i];
        }
        return clipped;
    }

    @Property(tries = 300)
    void dataAlwaysEqualsTheInputHoweverItIsSplit(@ForAll("cases") Case c) throws IOException {
        byte[] bytes = c.input();
        Split split = c.split();
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());

        split.deliver(bytes, p);

        assertThat(p.dataSize()).isEqualTo(bytes.length);
        assertThat(p.asInputStream().readAllBytes()).isEqualTo(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(bytes);
        assertThat(p.data()).isEqualTo(bytes);
    }

    @Property(tries = 200)
    void dataAfterEachPieceIsThePrefixReceivedSoFar(@ForAll("inputs") byte[] input, @ForAll long seed) {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        int offset = 0;

        for (byte[] piece : Split.random(seed, 3000).pieces(input)) {
            IBufferedProtocol.deliver(p, piece);
            offset += piece.length;
            assertThat(p.data()).isEqualTo(Arrays.copyOf(input, offset));
        }
    }

    @Property(tries = 200)
    void connectionMadeComesBeforeAnyData(@ForAll("cases") Case c) {
        byte[] bytes = c.input();
        Split split = c.split();
        Recording p = new Recording();
        p.makeConnection(new StringTransport());

        split.deliver(bytes, p);

        assertThat(p.events).doesNotContain("data-before-made");
        if (bytes.length > 0) {
            assertThat(p.events).first().isEqualTo("made");
            assertThat(p.events).contains("data");
        }
    }

    @Property(tries = 100)
    void closedDeferredFiresExactlyOnceWhateverTheNumberOfConnectionLostCalls(
            @ForAll("inputs") byte[] input, @ForAll @IntRange(min = 1, max = 5) int losses) {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        Deferred<Void> closed = new Deferred<>();
        int[] fired = {0};
        closed.addCallback(ignored -> fired[0]++);
        p.setClosedDeferred(closed);

        Split.random(input.length).deliver(input, p);
        for (int i = 0; i < losses; i++) {
            p.connectionLost(new Failure(new ConnectionDone()));
        }

        assertThat(fired[0]).isEqualTo(1);
        assertThat(p.closedDeferred()).isNull();
        assertThat(p.data()).isEqualTo(input);
    }

    @Property(tries = 100)
    void plainAndBufferedDeliveryHoldTheSameBytes(@ForAll @Size(max = 50) List<byte[]> pieces) {
        AccumulatingProtocol viaArrays = new AccumulatingProtocol();
        AccumulatingProtocol viaBuffers = new AccumulatingProtocol();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();

        for (byte[] piece : pieces) {
            expected.writeBytes(piece);
            viaArrays.dataReceived(piece.clone());
            IBufferedProtocol.deliver(viaBuffers, piece.clone());
        }

        assertThat(viaArrays.data()).isEqualTo(expected.toByteArray());
        assertThat(viaBuffers.data()).isEqualTo(expected.toByteArray());
    }
}
