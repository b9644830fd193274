package dev.weft.internet.testing.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A whole capture in memory, its records grouped by connection. Read one with {@link #read(Path)}, pick a connection
 * with {@link #connection(int)}, and replay it with {@link CaptureReplay}; {@link #write(Path)} writes one back. A
 * file not of a known version, malformed, truncated or with records out of order throws {@link
 * CaptureFormatException}, as {@link CaptureReader#next()} does for {@code weft dump} and {@code weft replay}.
 *
 * <p>A capture built with the constructor holds what a read one holds: the constructor refuses, with {@link
 * IllegalArgumentException} and the reader's words, the records a reader refuses in a file. Each record has a
 * connection id of 1 or more and a time that is not negative; each connection begins with its one {@link OpenRecord}
 * and its times never decrease (times of different connections are not compared); each leg closes once; and no side
 * sends data or half-closes after its own {@link HalfCloseRecord} (its FIN) or its leg's {@link CloseRecord}. So any
 * capture can be written and read back, and a replay never meets a connection that TCP could not have made.
 * {@link UnknownRecord}s are taken as they are.
 *
 * Thread-safe, and immutable but for the arrays the records share ({@link DataRecord#bytes()}): do not change them.
 */
public final class Capture {
    private final long startEpochMicros;
    private final List<CaptureRecord> records;
    private final Map<Integer, RecordedConnection> connections;

    /**
     * Creates a capture from records in file order, started at {@code startEpochMicros} (since the Unix epoch).
     * @throws IllegalArgumentException if the records are not in an order a capture holds (see above), naming the
     *     first record that is not, by its number from 1, and what is wrong with it
     */
    public Capture(long startEpochMicros, List<? extends CaptureRecord> records) {
        this(startEpochMicros, records, true);
    }

    /** Creates a capture, checking the records' order unless a {@link CaptureReader} has checked it. */
    private Capture(long startEpochMicros, List<? extends CaptureRecord> records, boolean check) {
        this.startEpochMicros = startEpochMicros;
        this.records = List.copyOf(records);
        if (check) {
            RecordOrder order = new RecordOrder();
            for (int i = 0; i < this.records.size(); i++) {
                String wrong = order.check(this.records.get(i));
                if (wrong != null) {
                    throw new IllegalArgumentException("record " + (i + 1) + " of " + this.records.size() + ": " + wrong
                            + "; give a capture's records in an order a recording makes (see Capture)");
                }
            }
        }
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
            return new Capture(reader.startEpochMicros(), reader.readAll(), false);
        }
    }

    /** Reads a whole capture from a stream, and closes it. */
    public static Capture read(InputStream in) throws IOException {
        try (CaptureReader reader = new CaptureReader(in)) {
            return new Capture(reader.startEpochMicros(), reader.readAll(), false);
        }
    }

    /**
     * Writes the whole capture to {@code file}, as {@link #read(Path)} reads it back, replacing the file if there is
     * one. As {@code weft tap --record} and {@code weft import} do, it writes a hidden {@code .NAME.N.part} beside the
     * file and renames that over the file only once it is complete, so nobody sees half a capture; if writing fails,
     * the part is deleted and the file left as it was.
     * @throws FileSystemException if {@code file} is a directory
     * @throws IllegalArgumentException if a record cannot be written (see {@link CaptureWriter#write}); nothing is
     *     written then
     */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target) || target.getParent() == null) {
            throw new FileSystemException(
                    file.toString(),
                    null,
                    "is a directory; give the path of a file, e.g. " + file.resolve("capture.weftcap"));
        }
        Path part = createPart(target);
        try {
            write(Files.newOutputStream(part));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Writes the whole capture to a stream, as {@link #read(InputStream)} reads it back, and closes it. */
    public void write(OutputStream out) throws IOException {
        try (out;
                CaptureWriter writer = new CaptureWriter(out, startEpochMicros)) {
            for (CaptureRecord r : records) {
                writer.write(r);
            }
        }
    }

    /** Creates an empty {@code .NAME.N.part} beside {@code target}, with the directory's default permissions. */
    private static Path createPart(Path target) throws IOException {
        Path directory = Objects.requireNonNull(target.getParent(), "a file's path has a directory");
        String name = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path part = directory.resolve(
                    name + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return part;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
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
