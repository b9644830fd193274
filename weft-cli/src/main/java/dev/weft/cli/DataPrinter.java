package dev.weft.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what connections send, as it arrives, for {@code sink --print} (the bytes as they are) and
 * {@code sink --hex} (a {@code hexdump -C} dump, offsets counted per connection). When more than one
 * connection has been seen, each run of bytes from a connection other than the previous one starts
 * with a header line, {@code ==> #SEQ PEER <==} (as {@code tail} heads each file), so a reader can
 * tell them apart; a lone connection's bytes come out bare, as {@code nc -l} prints them.
 *
 * <p>Confined to the sink's reporter thread.
 */
final class DataPrinter {
    private final PrintStream out;
    private final boolean hex;
    private final Map<Integer, Long> offsets = new HashMap<>();
    private int lastSeq;

    DataPrinter(PrintStream out, boolean hex) {
        this.out = out;
        this.hex = hex;
    }

    /**
     * Prints {@code bytes} from connection {@code seq}.
     *
     * @param several whether other connections were accepted before or are open beside it
     */
    void print(int seq, String peer, byte[] bytes, boolean several) {
        if (seq != lastSeq && (several || lastSeq != 0)) {
            if (!hex && lastSeq != 0) {
                out.println();
            }
            out.println("==> #" + seq + " " + peer + " <==");
        }
        lastSeq = seq;
        if (hex) {
            long offset = offsets.getOrDefault(seq, 0L);
            List<String> lines = CaptureText.hexDump(bytes);
            for (String indented : lines) {
                String line = indented.strip(); // CaptureText indents its dump under a record
                long lineOffset = offset + Long.parseLong(line.substring(0, 8), 16);
                out.println(String.format(Locale.ROOT, "%08x", lineOffset) + line.substring(8));
            }
            offsets.put(seq, offset + bytes.length);
        } else {
            out.write(bytes, 0, bytes.length);
        }
        out.flush();
    }
}
