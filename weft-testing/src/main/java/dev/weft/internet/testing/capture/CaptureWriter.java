package dev.weft.internet.testing.capture;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a capture file: the header at construction, then one record per {@link #write(CaptureRecord)}, in call order.
 * Records are buffered; after {@link #flush()} each record is wholly in the stream or not at all. Confined to one
 * thread at a time.
 */
public final class CaptureWriter implements Closeable, Flushable {
    private final DataOutputStream out;

    /**
     * Writes the header to {@code out}, closed by {@link #close()}, for a capture started at {@code startEpochMicros}.
     */
    public CaptureWriter(OutputStream out, long startEpochMicros) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        this.out.write(CaptureFormat.MAGIC);
        this.out.writeShort(CaptureFormat.VERSION);
        this.out.writeShort(CaptureFormat.HEADER_REST);
        this.out.writeLong(startEpochMicros);
    }

    /**
     * Appends one record; an {@link UnknownRecord} is written back as it was read.
     * @throws IllegalArgumentException if the id is not positive, the time is negative, or the body (the id, the
     *     time and the fields) exceeds 64 MiB: a data record holds at most 67,108,851 bytes
     */
    public void write(CaptureRecord record) throws IOException {
        if (record.connection() <= 0) {
            throw new IllegalArgumentException("connection id must be 1 or more, not " + record.connection());
        }
        if (record.micros() < 0) {
            throw new IllegalArgumentException("record time must not be negative, not " + record.micros());
        }
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream(64);
        DataOutputStream body = new DataOutputStream(bodyBytes);
        body.writeInt(record.connection());
        body.writeLong(record.micros());
        if (record instanceof OpenRecord open) {
            writeString(body, open.client());
            writeString(body, open.listener());
            writeString(body, open.target());
        } else if (record instanceof ConnectedRecord connected) {
            writeString(body, connected.local());
            writeString(body, connected.server());
        } else if (record instanceof DataRecord data) {
            int most = CaptureFormat.MAX_BODY - CaptureFormat.PREFIX - 1;
            if (data.bytes().length > most) {
                throw new IllegalArgumentException(
                        "a data record holds at most " + most + " bytes (a 64 MiB body), not " + data.bytes().length
                                + ": split the bytes into several records");
            }
            body.writeByte(data.from().code());
            body.write(data.bytes());
        } else if (record instanceof HalfCloseRecord half) {
            body.writeByte(half.from().code());
        } else if (record instanceof CloseRecord close) {
            body.writeByte(close.side().code());
            body.writeByte(close.byTap() ? 1 : 0);
            body.writeByte(close.kind().code());
            writeString(body, close.reason());
        } else if (record instanceof FaultRecord fault) {
            writeString(body, fault.fault());
            writeString(body, fault.effect());
        } else if (record instanceof UnknownRecord unknown) {
            body.write(unknown.rest());
        }
        if (bodyBytes.size() > CaptureFormat.MAX_BODY) {
            throw new IllegalArgumentException("a record's body holds at most 64 MiB (" + CaptureFormat.MAX_BODY
                    + " bytes), not " + bodyBytes.size() + "; no reader would take it");
        }
        out.writeByte(record.type());
        out.writeInt(bodyBytes.size());
        bodyBytes.writeTo(out);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void writeString(DataOutputStream body, String s) throws IOException {
        byte[] bytes = CaptureFormat.utf8(s);
        body.writeShort(bytes.length);
        body.write(bytes);
    }
}
