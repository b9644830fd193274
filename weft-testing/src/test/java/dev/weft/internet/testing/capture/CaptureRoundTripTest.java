package dev.weft.internet.testing.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class CaptureRoundTripTest {
    @Property(tries = 300)
    void anySequenceOfRecordsInOrderReadsBackEqual(@ForAll("records") List<CaptureRecord> records) throws IOException {
        List<CaptureRecord> ordered = inOrder(records);
        assertThat(CaptureFileTest.read(CaptureFileTest.write(ordered))).isEqualTo(ordered);
    }

    /** Out of order or not, a file reads back equal or is refused naming the record, never anything else. */
    @Property(tries = 300)
    void anySequenceOfRecordsReadsBackEqualOrIsRefusedByRecord(@ForAll("records") List<CaptureRecord> records)
            throws IOException {
        try {
            assertThat(CaptureFileTest.read(CaptureFileTest.write(records))).isEqualTo(records);
        } catch (CaptureFormatException e) {
            assertThat(e.getMessage())
                    .matches("record \\d+ at offset \\d+: .*; the file is damaged there, or was"
                            + " not written by weft");
        }
    }

    /**
     * Puts {@code records} in an order a capture can hold: by time, each connection opened (once) before its other
     * records, each leg closed once, no data or half-close from a side after its half-close or its leg's close.
     */
    static List<CaptureRecord> inOrder(List<CaptureRecord> records) {
        List<CaptureRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(CaptureRecord::micros));
        List<CaptureRecord> ordered = new ArrayList<>();
        Map<Integer, Set<Side>> closed = new HashMap<>();
        Map<Integer, Set<Side>> finished = new HashMap<>();
        for (CaptureRecord r : sorted) {
            if (r instanceof UnknownRecord) {
                ordered.add(r);
                continue;
            }
            Set<Side> legs = closed.get(r.connection());
            if (r instanceof OpenRecord) {
                if (legs == null) {
                    closed.put(r.connection(), EnumSet.noneOf(Side.class));
                    finished.put(r.connection(), EnumSet.noneOf(Side.class));
                    ordered.add(r);
                }
                continue;
            }
            if (legs == null) {
                legs = EnumSet.noneOf(Side.class);
                closed.put(r.connection(), legs);
                finished.put(r.connection(), EnumSet.noneOf(Side.class));
                ordered.add(new OpenRecord(r.connection(), r.micros(), "c", "l", "t"));
            }
            Set<Side> sides = finished.get(r.connection());
            if (r instanceof CloseRecord c && !legs.add(c.side())) {
                continue;
            }
            Side from = r instanceof DataRecord d ? d.from() : r instanceof HalfCloseRecord h ? h.from() : null;
            if (from != null && (legs.contains(from) || sides.contains(from))) {
                continue;
            }
            if (r instanceof HalfCloseRecord h) {
                sides.add(h.from());
            }
            ordered.add(r);
        }
        return ordered;
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
