package dev.weft.cli;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.UnknownRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders capture records as the text {@code weft dump} prints: one line per record, {@code +SECONDS
 * #ID EVENT ...}, with data shown as an escaped string ({@code "hello\r\n\x00"}), cut after {@value
 * #PREVIEW} bytes unless the whole is asked for, and optionally followed by a hex dump. Pure;
 * thread-safe.
 */
final class CaptureText {
    static final int PREVIEW = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CaptureText() {}

    static List<String> lines(CaptureRecord record, boolean full, boolean hex) {
        String head = String.format(
                Locale.ROOT,
                "+%d.%06d #%d ",
                record.micros() / 1_000_000,
                record.micros() % 1_000_000,
                record.connection());
        List<String> lines = new ArrayList<>();
        if (record instanceof OpenRecord r) {
            lines.add(head + "open client=" + r.client() + " listener=" + r.listener() + " to=" + r.target());
        } else if (record instanceof ConnectedRecord r) {
            lines.add(head + "connected local=" + r.local() + " server=" + r.server());
        } else if (record instanceof DataRecord r) {
            byte[] bytes = r.bytes();
            int shown = full ? bytes.length : Math.min(bytes.length, PREVIEW);
            String more = shown < bytes.length ? "..." : "";
            lines.add(head + r.from().arrow() + " " + Units.bytes(bytes.length) + " " + quote(bytes, shown) + more);
            if (hex) {
                lines.addAll(hexDump(bytes));
            }
        } else if (record instanceof HalfCloseRecord r) {
            lines.add(head + "half-close " + r.from().arrow() + " ("
                    + r.from().name().toLowerCase(Locale.ROOT) + " finished sending)");
        } else if (record instanceof CloseRecord r) {
            lines.add(head + "close " + r.side().name().toLowerCase(Locale.ROOT) + " " + closeLabel(r)
                    + (r.byTap() ? " by tap" : " by peer") + ": " + r.reason());
        } else if (record instanceof dev.weft.internet.testing.capture.FaultRecord r) {
            lines.add(head + "fault " + r.fault() + ": " + r.effect());
        } else if (record instanceof UnknownRecord r) {
            lines.add(head + "unknown record type " + r.type() + " (" + Units.bytes(r.rest().length) + "), skipped");
        }
        return lines;
    }

    /**
     * Names how a close record's leg ended, as {@code dump} prints it: the record's kind ({@code clean}, {@code reset},
     * ...), except for a TLS leg that a capture stores as a reset (Twisted's {@code ConnectionLost}) though nothing was
     * reset: {@code no-close-notify} (the peer closed the TCP connection after the handshake without a close_notify,
     * so what it sent may be cut short), {@code handshake-closed} (it closed during the handshake) or {@code
     * no-close-notify-reply} (it did not answer the tap's close_notify in time, and the tap aborted). Told apart by the
     * reason the TLS layer gave, which the record keeps.
     */
    static String closeLabel(CloseRecord r) {
        if (r.kind() == CloseKind.RESET) {
            String reason = r.reason();
            if (reason.contains("closed the connection without a TLS close_notify")) {
                return "no-close-notify";
            } else if (reason.contains("closed the connection during the TLS handshake")) {
                return "handshake-closed";
            } else if (reason.contains("sent no TLS close_notify within")) {
                return "no-close-notify-reply";
            }
        }
        return r.kind().label();
    }

    /** Quotes the first {@code n} bytes: printable ASCII as is, the rest escaped. */
    static String quote(byte[] bytes, int n) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        text.append((char) b);
                    } else {
                        text.append('\\').append('x').append(HEX[b >>> 4]).append(HEX[b & 0xF]);
                    }
                }
            }
        }
        return text.append('"').toString();
    }

    /** Formats {@code bytes} as {@code hexdump -C} does: offset, 16 bytes in hex, and their printable characters. */
    static List<String> hexDump(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += 16) {
            StringBuilder line = new StringBuilder(80).append("    ");
            for (int shift = 28; shift >= 0; shift -= 4) {
                line.append(HEX[(offset >>> shift) & 0xF]);
            }
            line.append("  ");
            StringBuilder chars = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    line.append(' ');
                }
                if (offset + i < bytes.length) {
                    int b = bytes[offset + i] & 0xFF;
                    line.append(HEX[b >>> 4]).append(HEX[b & 0xF]).append(' ');
                    chars.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
                } else {
                    line.append("   ");
                }
            }
            lines.add(line.append(" |").append(chars).append('|').toString());
        }
        return lines;
    }
}
