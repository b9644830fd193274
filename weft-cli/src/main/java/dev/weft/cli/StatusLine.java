package dev.weft.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the live status line {@code sink} draws on a terminal: the open connections with the
 * bytes each has received and its rate since the previous line, for example {@code open 2 | #3 1.2
 * MiB 5.6 MiB/s | #4 300 B 1.0 KiB/s}. At most {@value #SHOWN} connections are listed.
 *
 * <p>Confined to the reactor thread.
 */
final class StatusLine {
    static final int SHOWN = 3;

    private Map<Integer, Long> previousBytes = new HashMap<>();
    private long previousNanos = Long.MIN_VALUE;

    /**
     * Returns the line for these connections at time {@code nowNanos}, or an empty string when none is
     * open (the line is then cleared).
     */
    String render(List<SinkProtocol> open, long nowNanos) {
        long elapsed = previousNanos == Long.MIN_VALUE ? 0 : nowNanos - previousNanos;
        Map<Integer, Long> bytes = new HashMap<>();
        StringBuilder line = new StringBuilder();
        if (!open.isEmpty()) {
            line.append("open ").append(open.size());
        }
        int shown = 0;
        for (SinkProtocol p : open) {
            long size = p.received();
            bytes.put(p.seq(), size);
            if (shown++ < SHOWN) {
                long delta = size - previousBytes.getOrDefault(p.seq(), 0L);
                line.append(" | #")
                        .append(p.seq())
                        .append(' ')
                        .append(Units.size(size))
                        .append(' ')
                        .append(Units.rate(delta, elapsed));
            }
        }
        if (open.size() > SHOWN) {
            line.append(" | +").append(open.size() - SHOWN).append(" more");
        }
        previousBytes = bytes;
        previousNanos = nowNanos;
        return line.toString();
    }
}
