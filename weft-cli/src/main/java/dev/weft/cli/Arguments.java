package dev.weft.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the command line as the bytes it is. The JVM decodes {@code main}'s arguments in the
 * locale's encoding and replaces what it cannot decode (every non-ASCII byte under {@code LANG}
 * unset; a byte that is not valid UTF-8 under a UTF-8 locale), and that cannot be undone: JDK 17
 * also ignores {@code -Dsun.jnu.encoding} on the command line. Linux keeps the bytes in {@code
 * /proc/self/cmdline}, so {@link #recover} takes them from there and decodes them as UTF-8, each
 * byte that is not part of valid UTF-8 kept as the lone surrogate {@code U+DC00 + byte} (Python's
 * "surrogateescape"): text arguments read as UTF-8 whatever the locale, and {@link FileNames} gets
 * every file name's bytes back. Thread-safe.
 */
final class Arguments {
    private Arguments() {}

    /**
     * Returns {@code args} decoded from the bytes the process was given, or {@code args} itself when
     * those bytes cannot be found or do not match (not Linux, or not started as {@code java ... -jar
     * weft.jar ARGS}).
     */
    static String[] recover(String[] args) {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return args;
        }
        List<byte[]> all = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                all.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (all.size() < args.length) {
            return args;
        }
        // The arguments are the last ones; each must decode, as the JVM decoded it, to what main got.
        List<byte[]> raw = all.subList(all.size() - args.length, all.size());
        Charset platform = fileNameEncoding();
        String[] recovered = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            if (!new String(raw.get(i), platform).equals(args[i])) {
                return args;
            }
            recovered[i] = decode(raw.get(i));
        }
        return recovered;
    }

    /** Decodes UTF-8, each byte that is not part of valid UTF-8 as {@code U+DC00 + byte}. */
    static String decode(byte[] bytes) {
        CharsetDecoder decoder = UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (0xDC00 | (in.get() & 0xff)));
            }
        }
        out.flip();
        return out.toString();
    }

    /** Returns the bytes {@link #decode} decoded {@code text} from. */
    static byte[] bytes(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() + 8);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isEscapedByte(text, i)) {
                bytes.writeBytes(text.substring(start, i).getBytes(UTF_8));
                bytes.write(text.charAt(i) & 0xff);
                start = i + 1;
            }
        }
        bytes.writeBytes(text.substring(start).getBytes(UTF_8));
        return bytes.toByteArray();
    }

    /** Tells whether {@code text} holds a byte that was not valid UTF-8. */
    static boolean hasEscapedBytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isEscapedByte(text, i)) {
                return true;
            }
        }
        return false;
    }

    /** Tells whether the char at {@code i} stands for a byte that was not valid UTF-8: a lone U+DC80..U+DCFF. */
    static boolean isEscapedByte(String text, int i) {
        char c = text.charAt(i);
        return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }

    /** Returns the encoding the JVM reads arguments and names files in (from the locale, at start-up). */
    static Charset fileNameEncoding() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return ISO_8859_1;
        }
    }
}
