package dev.weft.bench;

import java.io.ByteArrayOutputStream;

/**
 * The byte streams the framing benchmarks feed: CR LF lines or Int32-prefixed frames of one size, with varied printable
 * content, about {@code totalBytes} long (at least 8 frames).
 *
 * <p>Immutable after construction; thread-safe.
 */
final class FramingInput {
    final byte[] bytes;
    final int frames;

    private FramingInput(byte[] bytes, int frames) {
        this.bytes = bytes;
        this.frames = frames;
    }

    /**
     * Builds a stream for a cell named {@code lines-N} (lines of N bytes plus CR LF) or {@code int32-N} (N-byte frames
     * after a 4-byte big-endian length).
     */
    static FramingInput of(String cell, int totalBytes) {
        String[] parts = cell.split("-");
        boolean lines = parts[0].equals("lines");
        int size = Integer.parseInt(parts[1]);
        int frameBytes = size + (lines ? 2 : 4);
        int frames = Math.max(8, totalBytes / frameBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(frames * frameBytes);
        for (int f = 0; f < frames; f++) {
            if (!lines) {
                out.write(size >>> 24);
                out.write(size >>> 16);
                out.write(size >>> 8);
                out.write(size);
            }
            for (int k = 0; k < size; k++) {
                out.write(32 + (f * 31 + k * 17) % 95);
            }
            if (lines) {
                out.write('\r');
                out.write('\n');
            }
        }
        return new FramingInput(out.toByteArray(), frames);
    }

    static boolean isLines(String cell) {
        return cell.startsWith("lines");
    }
}
