package dev.weft.internet.testing.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A whole capture in memory, its records grouped by connection. Read one with {@link #read(Path)}, pick a connection
 * with {@link #connection(int)}, and replay it with {@link CaptureReplay}. A file not of a known version, malformed,
 * truncated or with records out of order (a connection's times that decrease, a connection opened twice or never, data after its
 * leg's close) throws {@link CaptureFormatException}, as {@link CaptureReader#next()} does for {@code weft dump} and
 * {@code weft replay}. Records given to the constructor are taken as they are.
 * Thread-safe, and immutable but for the arrays the records share ({@link DataRecord#bytes()}): do not change them.
 */
public final class Capture {
    private final long startEpochMicros;
    private final List<CaptureRecord> records;
    private final Map<Integer, RecordedConnection> connections;

    /** Creates a capture from records in file order, started at {@code startEpochMicros} (since the Unix epoch). */
    public Capture(long startEpochMicros, List<? extends CaptureRecord> records) {
        this.startEpochMicros = startEpochMicros;
        this.records = List.copyOf(records);
        Map<Integer, List<CaptureRecord>> byId = new LinkedHashMap<>();
        for (CaptureRecord r : this.records) {
            byId.computeIfAbsent(r.connection(), id -> new ArrayList<>()).add(r);
        }
        Map<Integer, RecordedConnection> built = new LinkedHashMap<>();
        byId.forEach((id, list) -> built.put(id, new RecordedConnection(id, list)));
        this.connections = java.util.Collections.unmodifiableMap(built);
    }

    /** Reads a whole capture file, as {@code weft tap --record} or {@code weft import} wrote it. */
    public static Capture read(Path file) throws IOException {
        try (CaptureReader reader = CaptureReader.open(file)) {
            return new Capture(reader.startEpochMicros(), reader.readAll());
        }
    }

    /** Reads a whole capture from a stream, and closes it. */
    public static Capture read(InputStream in) throws IOException {
        try (CaptureReader reader = new CaptureReader(in)) {
            return new Capture(reader.startEpochMicros(), reader.readAll());
        }
    }

    /** {@return when the capture started, in microseconds since the Unix epoch} */
    public long startEpochMicros() {
        return startEpochMicros;
    }

    /** {@return every record, in file order (unmodifiable)} */
    public List<CaptureRecord> records() {
        return records;
    }

    /** {@return the connections, in the order of their first record (unmodifiable)} */
    public List<RecordedConnection> connections() {
        return List.copyOf(connections.values());
    }

    /** Returns the connection {@code weft dump} prints as {@code #id}, else {@link NoSuchElementException}. */
    public RecordedConnection connection(int id) {
        RecordedConnection c = connections.get(id);
        if (c == null) {
            throw new NoSuchElementException("the capture has no connection #" + id + "; it has "
                    + (connections.isEmpty()
                            ? "none"
                            : "#"
                                    + String.join(
                                            ", #",
                                            connections.keySet().stream()
                                                    .map(String::valueOf)
                                                    .toList())));
        }
        return c;
    }
}
