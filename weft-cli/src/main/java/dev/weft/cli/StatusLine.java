package dev.weft.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the live status line {@code sink} draws on a terminal: the open connections, busiest first
 * (most bytes since the previous line, then most bytes received), with the bytes each has received and
 * its rate since the previous line, for example {@code open 2 | #3 1.2 MiB 5.6 MiB/s | #4 300 B 0
 * B/s}. At most {@value #SHOWN} connections are listed, and the line is cut to the terminal's width
 * (one column short, so the cursor never wraps), so it can always be redrawn in place.
 *
 * <p>Confined to the reactor thread.
 */
final class StatusLine {
    static final int SHOWN = 3;

    private final int columns;
    private Map<Integer, Long> previousBytes = new HashMap<>();
    private long previousNanos = Long.MIN_VALUE;

    /**
     * @param columns the terminal's width
     */
    StatusLine(int columns) {
        this.columns = Math.max(columns, 10);
    }

    StatusLine() {
        this(TerminalWidth.DEFAULT);
    }

    /**
     * Returns the line for these connections at time {@code nowNanos}, or an empty string when none is
     * open (the line is then cleared).
     */
    String render(List<SinkProtocol> open, long nowNanos) {
        long elapsed = previousNanos == Long.MIN_VALUE ? 0 : nowNanos - previousNanos;
        Map<Integer, Long> bytes = new HashMap<>();
        Map<Integer, Long> deltas = new HashMap<>();
        for (SinkProtocol p : open) {
            long size = p.received();
            bytes.put(p.seq(), size);
            deltas.put(p.seq(), size - previousBytes.getOrDefault(p.seq(), 0L));
        }
        List<SinkProtocol> busiest = new ArrayList<>(open);
        busiest.sort(Comparator.<SinkProtocol>comparingLong(p -> deltas.getOrDefault(p.seq(), 0L))
                .thenComparingLong(p -> bytes.getOrDefault(p.seq(), 0L))
                .reversed()
                .thenComparingInt(SinkProtocol::seq));
        StringBuilder line = new StringBuilder();
        if (!open.isEmpty()) {
            line.append("open ").append(open.size());
        }
        for (SinkProtocol p : busiest.subList(0, Math.min(SHOWN, busiest.size()))) {
            line.append(" | #")
                    .append(p.seq())
                    .append(' ')
                    .append(Units.size(bytes.getOrDefault(p.seq(), 0L)))
                    .append(' ')
                    .append(Units.rate(deltas.getOrDefault(p.seq(), 0L), elapsed));
        }
        if (open.size() > SHOWN) {
            line.append(" | +").append(open.size() - SHOWN).append(" more");
        }
        previousBytes = bytes;
        previousNanos = nowNanos;
        return line.length() < columns ? line.toString() : line.substring(0, columns - 2) + "~";
    }
}
