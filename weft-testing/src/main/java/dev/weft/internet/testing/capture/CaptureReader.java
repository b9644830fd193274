package dev.weft.internet.testing.capture;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a capture file written by {@link CaptureWriter}: the header at construction, then one record per {@link
 * #next()}. Unknown record types come back as {@link UnknownRecord}s; a malformed file, or a later major version,
 * throws {@link CaptureFormatException}, as does a record out of order (a time before its connection's previous record, a
 * connection opened twice or never, a leg closed twice, data or a half-close after its leg's close or its side's
 * half-close), naming its number and offset. Confined
 * to one thread at a time.
 */
public final class CaptureReader implements Closeable {
    private final InputStream in;
    private final int version;
    private final long startEpochMicros;
    private long offset;
    private final RecordOrder order = new RecordOrder();
    private long records; // read so far

    /** Reads and checks the header of {@code in}, which {@link #close()} closes. */
    public CaptureReader(InputStream in) throws IOException {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        byte[] magic = this.in.readNBytes(CaptureFormat.MAGIC.length);
        offset = magic.length;
        if (!Arrays.equals(magic, CaptureFormat.MAGIC)) {
            if (magic.length < CaptureFormat.MAGIC.length
                    && Arrays.equals(magic, Arrays.copyOf(CaptureFormat.MAGIC, magic.length))) {
                throw new CaptureFormatException(
                        magic.length == 0
                                ? "the capture file is empty: the tap that wrote it wrote nothing (was it killed"
                                        + " at start?)"
                                : "truncated header: the file ends " + ByteDiff.bytes(magic.length) + " into the 8-byte"
                                        + " magic; the capture was cut short (was the tap killed?)");
            }
            throw new CaptureFormatException("not a weft capture file: it does not begin with the bytes 89 'WEFTCAP'");
        }
        ByteBuffer fixed = ByteBuffer.wrap(need(4, "header"));
        version = Short.toUnsignedInt(fixed.getShort());
        int rest = Short.toUnsignedInt(fixed.getShort());
        if (version == 0) {
            throw new CaptureFormatException("capture format version 0 does not exist: the file's header is damaged");
        }
        if (version > CaptureFormat.VERSION) {
            throw new CaptureFormatException("capture format version " + version + " is not supported: this weft reads"
                    + " versions 1 to " + CaptureFormat.VERSION + "; use a newer weft");
        }
        if (rest < CaptureFormat.HEADER_REST) {
            throw new CaptureFormatException(
                    "capture header is too short: " + rest + " bytes after the version, at least 8 expected");
        }
        ByteBuffer header = ByteBuffer.wrap(need(rest, "header"));
        startEpochMicros = header.getLong();
    }

    /** Opens the capture file at {@code path} and reads its header. */
    public static CaptureReader open(Path path) throws IOException {
        InputStream stream = Files.newInputStream(path);
        try {
            return new CaptureReader(stream);
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** {@return the file's format version} */
    public int version() {
        return version;
    }

    /** {@return when the capture started, in microseconds since the Unix epoch} */
    public long startEpochMicros() {
        return startEpochMicros;
    }

    /** {@return how many bytes have been read so far: the offset of the next record} */
    public long offset() {
        return offset;
    }

    /** Reads the next record, or returns null at the end of the file. */
    public @Nullable CaptureRecord next() throws IOException {
        long start = offset;
        String label = "record at offset " + start;
        byte[] head = readFully(5, label);
        if (head == null) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(head);
        int type = Byte.toUnsignedInt(h.get());
        int length = h.getInt();
        if (length < CaptureFormat.PREFIX || length > CaptureFormat.MAX_BODY) {
            throw new CaptureFormatException(
                    "record at offset " + start + " has an impossible length " + Integer.toUnsignedString(length));
        }
        // A data record's bytes are read into their own array: no body to copy them out of.
        boolean data = type == CaptureRecord.DATA && length > CaptureFormat.PREFIX;
        byte[][] parts = readFully(data ? CaptureFormat.PREFIX + 1 : length, length, label);
        if (parts == null) {
            throw new CaptureFormatException("truncated " + label + ": the file ends at offset " + offset
                    + "; the capture was cut short (was the tap killed?)");
        }
        ByteBuffer body = ByteBuffer.wrap(parts[0]);
        CaptureRecord record;
        try {
            record = decode(type, body, start + 5, data ? parts[1] : null);
        } catch (BufferUnderflowException e) {
            throw new CaptureFormatException("record at offset " + start + " (type " + type + ") is shorter than its"
                    + " fields: " + length + " bytes");
        } catch (CaptureFormatException e) {
            throw new CaptureFormatException("record at offset " + start + ": " + e.getMessage());
        }
        String wrong = order.check(record);
        if (wrong != null) {
            throw new CaptureFormatException("record " + (records + 1) + " at offset " + start + ": " + wrong
                    + "; the file is damaged there, or was not written by weft");
        }
        records++;
        return record;
    }

    /** Reads every remaining record, in file order. */
    public List<CaptureRecord> readAll() throws IOException {
        List<CaptureRecord> all = new ArrayList<>();
        for (CaptureRecord r = next(); r != null; r = next()) {
            all.add(r);
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Decodes a record's body; {@code data} holds a data record's bytes, read apart from {@code body}. */
    private static CaptureRecord decode(int type, ByteBuffer body, long bodyOffset, byte @Nullable [] data) {
        int connection = body.getInt();
        long micros = body.getLong();
        if (connection <= 0) {
            throw new CaptureFormatException("connection id " + Integer.toUnsignedString(connection)
                    + " is out of range (1 to 2147483647): the file is damaged there");
        }
        if (micros < 0) {
            throw new CaptureFormatException("time " + micros + " is negative: the file is damaged there");
        }
        Strings strings = new Strings(body, bodyOffset);
        CaptureRecord record = switch (type) {
            case CaptureRecord.OPEN ->
                new OpenRecord(
                        connection, micros, strings.next("client"), strings.next("listener"), strings.next("target"));
            case CaptureRecord.CONNECTED ->
                new ConnectedRecord(connection, micros, strings.next("local"), strings.next("server"));
            case CaptureRecord.DATA -> {
                Side from = Side.ofCode(Byte.toUnsignedInt(body.get()));
                byte[] bytes = data;
                if (bytes == null) {
                    bytes = new byte[body.remaining()];
                    body.get(bytes);
                }
                yield new DataRecord(connection, micros, from, bytes);
            }
            case CaptureRecord.HALF_CLOSE ->
                new HalfCloseRecord(connection, micros, Side.ofCode(Byte.toUnsignedInt(body.get())));
            case CaptureRecord.CLOSE -> {
                Side side = Side.ofCode(Byte.toUnsignedInt(body.get()));
                boolean byTap = body.get() != 0;
                CloseKind kind = CloseKind.ofCode(Byte.toUnsignedInt(body.get()));
                yield new CloseRecord(connection, micros, side, byTap, kind, strings.next("reason"));
            }
            case CaptureRecord.FAULT ->
                new FaultRecord(connection, micros, strings.next("fault"), strings.next("effect"));
            default -> {
                byte[] rest = new byte[body.remaining()];
                body.get(rest);
                yield new UnknownRecord(type, connection, micros, rest);
            }
        };
        // Fields a later minor revision appends to a known record are ignored.
        return record;
    }

    /** Reads a record's string fields in turn, naming the field and the file offset of a byte that is not UTF-8. */
    private record Strings(ByteBuffer body, long bodyOffset) {
        String next(String field) {
            int length = Short.toUnsignedInt(body.getShort());
            if (length > body.remaining()) {
                throw new BufferUnderflowException();
            }
            int at = body.position();
            ByteBuffer bytes = body.slice(at, length);
            body.position(at + length);
            CharBuffer out = CharBuffer.allocate(length);
            CoderResult result = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes, out, true);
            if (result.isError()) {
                throw new CaptureFormatException("its " + field + " string is not valid UTF-8: byte 0x"
                        + String.format("%02x", bytes.get(bytes.position()) & 0xFF) + " at offset "
                        + (bodyOffset + at + bytes.position()) + "; the file is damaged there");
            }
            return out.flip().toString();
        }
    }

    private byte[] need(int n, String what) throws IOException {
        byte[] bytes = readFully(n, what);
        if (bytes == null) {
            throw new CaptureFormatException("truncated " + what + ": the file ends at offset " + offset
                    + "; the capture was cut short (was the tap killed?)");
        }
        return bytes;
    }

    /**
     * Reads exactly {@code n} bytes; null if the stream is already at its end; throws if it ends midway. Allocates as
     * the bytes arrive, so a length field cannot make it allocate what the file does not hold.
     */
    private byte @Nullable [] readFully(int n, String what) throws IOException {
        byte[][] one = readFully(n, n, what);
        return one == null ? null : one[0];
    }

    /**
     * Reads exactly {@code n} bytes as {@link #readFully(int, String)} does, into two arrays: the first {@code first}
     * bytes, and the rest (empty when {@code first} is {@code n}).
     */
    private byte @Nullable [][] readFully(int first, int n, String what) throws IOException {
        byte[] a = readSome(first);
        byte[] b = a.length < first || first == n ? new byte[0] : readSome(n - first);
        int got = a.length + b.length;
        if (got == 0 && n > 0) {
            return null;
        }
        if (got < n) {
            throw new CaptureFormatException("truncated " + what + ": the file ends " + ByteDiff.bytes(got)
                    + " into a field of " + n + "; the capture was cut short (was the tap killed?)"
                    + (what.equals("header") ? "" : ", and every record before it is whole"));
        }
        offset += n;
        return new byte[][] {a, b};
    }

    /** Reads up to {@code n} bytes, fewer only at the end of the stream; allocates at most 1 MiB ahead of them. */
    private byte[] readSome(int n) throws IOException {
        if (n > 1 << 20) {
            return in.readNBytes(n);
        }
        byte[] bytes = new byte[n];
        int got = in.readNBytes(bytes, 0, n);
        return got == n ? bytes : Arrays.copyOf(bytes, got);
    }
}
