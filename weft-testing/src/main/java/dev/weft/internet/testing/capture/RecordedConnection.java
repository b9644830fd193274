package dev.weft.internet.testing.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Is one connection of a {@link Capture}: its records in order, and what each side sent. Immutable and thread-safe
 * (returned arrays are copies).
 */
public final class RecordedConnection {
    private final int id;
    private final List<CaptureRecord> records;

    RecordedConnection(int id, List<CaptureRecord> records) {
        this.id = id;
        this.records = List.copyOf(records);
    }

    /** {@return the connection's id, 1 or more} */
    public int id() {
        return id;
    }

    /** {@return the connection's records, in file order (unmodifiable)} */
    public List<CaptureRecord> records() {
        return records;
    }

    /** Returns everything one side sent, in order, in a new array. */
    public byte[] bytes(Side from) {
        long n = byteCount(from);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the " + from.name().toLowerCase(java.util.Locale.ROOT) + " of connection #"
                    + id + " sent " + n + " bytes, more than one Java array holds (2 GiB)");
        }
        byte[] all = new byte[(int) n]; // sized first: no growing copies of a big stream
        int at = 0;
        for (CaptureRecord r : records) {
            if (r instanceof DataRecord d && d.from() == from) {
                System.arraycopy(d.bytes(), 0, all, at, d.bytes().length);
                at += d.bytes().length;
            }
        }
        return all;
    }

    /**
     * Tells whether {@code bytes} is exactly what one side sent, compared record by record in place: no joined copy of
     * the recorded bytes.
     */
    public boolean sentExactly(Side from, byte[] bytes) {
        if (byteCount(from) != bytes.length) {
            return false;
        }
        int at = 0;
        for (CaptureRecord r : records) {
            if (r instanceof DataRecord d && d.from() == from) {
                byte[] b = d.bytes();
                if (!Arrays.equals(b, 0, b.length, bytes, at, at + b.length)) {
                    return false;
                }
                at += b.length;
            }
        }
        return true;
    }

    /** Returns how many bytes one side sent. */
    public long byteCount(Side from) {
        long n = 0;
        for (CaptureRecord r : records) {
            if (r instanceof DataRecord d && d.from() == from) {
                n += d.bytes().length;
            }
        }
        return n;
    }

    /** Returns copies of one side's bytes in the pieces the recording read them in, in order. */
    public List<byte[]> pieces(Side from) {
        List<byte[]> pieces = new ArrayList<>();
        for (CaptureRecord r : records) {
            if (r instanceof DataRecord d && d.from() == from) {
                pieces.add(d.bytes().clone());
            }
        }
        return pieces;
    }

    /** Tells whether a half-close record from that side exists. */
    public boolean halfClosed(Side from) {
        return records.stream().anyMatch(r -> r instanceof HalfCloseRecord h && h.from() == from);
    }

    /** Returns how one leg ended: its close record, or empty if the recording ends with the leg open. */
    public Optional<CloseRecord> close(Side leg) {
        return records.stream()
                .filter(r -> r instanceof CloseRecord c && c.side() == leg)
                .map(CloseRecord.class::cast)
                .findFirst();
    }

    /** {@return e.g. {@code RecordedConnection[#1, 12 records, c>s 40 bytes, s>c 7 bytes]}} */
    @Override
    public String toString() {
        return "RecordedConnection[#" + id + ", " + records.size() + (records.size() == 1 ? " record" : " records")
                + ", c>s " + ByteDiff.bytes(byteCount(Side.CLIENT)) + ", s>c " + ByteDiff.bytes(byteCount(Side.SERVER))
                + "]";
    }
}
