package dev.weft.internet.testing.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class CaptureRoundTripTest {
    @Property(tries = 300)
    void anySequenceOfRecordsReadsBackEqual(@ForAll("records") List<CaptureRecord> records) throws IOException {
        assertThat(CaptureFileTest.read(CaptureFileTest.write(records))).isEqualTo(records);
    }

    @Provide
    Arbitrary<List<CaptureRecord>> records() {
        Arbitrary<Integer> id = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, Long.MAX_VALUE);
        // Any text but lone surrogates, which UTF-8 cannot encode (addresses and reasons never hold them).
        Arbitrary<String> text =
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(40);
        Arbitrary<Side> side = Arbitraries.of(Side.class);
        Arbitrary<CaptureRecord> open =
                Combinators.combine(id, micros, text, text, text).as(OpenRecord::new);
        Arbitrary<CaptureRecord> connected =
                Combinators.combine(id, micros, text, text).as(ConnectedRecord::new);
        Arbitrary<CaptureRecord> data = Combinators.combine(
                        id,
                        micros,
                        side,
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as(DataRecord::new);
        Arbitrary<CaptureRecord> half = Combinators.combine(id, micros, side).as(HalfCloseRecord::new);
        Arbitrary<CaptureRecord> close = Combinators.combine(
                        id, micros, side, Arbitraries.of(true, false), Arbitraries.of(CloseKind.class), text)
                .as(CloseRecord::new);
        Arbitrary<CaptureRecord> fault =
                Combinators.combine(id, micros, text, text).as(FaultRecord::new);
        Arbitrary<CaptureRecord> unknown = Combinators.combine(
                        Arbitraries.integers().between(7, 255),
                        id,
                        micros,
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                .as(UnknownRecord::new);
        return Arbitraries.oneOf(open, connected, data, half, close, fault, unknown)
                .list()
                .ofMaxSize(30);
    }
}
