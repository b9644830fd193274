package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns file names given on the command line into paths, and paths back into text, whatever the
 * bytes. Linux file names are bytes; the JVM names files in its file-name encoding ({@code
 * sun.jnu.encoding}, fixed from the locale at start-up), in which not every name can be written. A
 * name arrives here as {@link Arguments} decoded it: UTF-8, each byte that is not part of valid
 * UTF-8 as the lone surrogate {@code U+DC00 + byte}. Such a name, or one the file-name encoding
 * cannot write (an ASCII locale), is made into a path from its bytes through a {@code file:} URI,
 * which the JDK turns into a path byte for byte. Names are shown as UTF-8, with each byte that is
 * not valid UTF-8 as {@code \xHH}. Thread-safe.
 */
final class FileNames {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNames() {}

    /**
     * Refuses an empty file name, which names no file (the JDK would read it as the current directory).
     *
     * @param what the argument, as its usage names it: {@code FILE}, {@code --out}
     * @param name the name given
     * @param give what to give instead, e.g. {@code give a file, or - to send standard input}
     * @throws CliFailure (usage) if {@code name} is empty
     */
    static void requireName(String what, String name, String give) {
        if (name.isEmpty()) {
            throw CliFailure.usage(what + " needs a file path, not an empty string; " + give);
        }
    }

    /**
     * Returns the path {@code name} names: relative if it is.
     *
     * @throws CliFailure (usage) if the name cannot be a file name at all (it has a NUL byte)
     */
    static Path path(String name) {
        if (!Arguments.hasEscapedBytes(name)) {
            try {
                return Path.of(name);
            } catch (InvalidPathException e) {
                if (name.indexOf('\0') >= 0) {
                    throw CliFailure.usage(
                            "the file name '" + show(name) + "' has a NUL byte; no file has such a name");
                }
                // not writable in the file-name encoding: made from its bytes below
            }
        }
        return fromBytes(Arguments.bytes(name));
    }

    /** Returns the path {@code path} with {@code suffix} appended to its last name, byte for byte. */
    static Path withSuffix(Path path, String suffix) {
        String text = path.toString();
        if (text.indexOf('\uFFFD') < 0) {
            try {
                return Path.of(text + suffix); // the usual case: a name the JVM can write
            } catch (InvalidPathException e) {
                // made from its bytes below
            }
        }
        byte[] name = bytes(path);
        byte[] tail = suffix.getBytes(UTF_8);
        byte[] joined = Arrays.copyOf(name, name.length + tail.length);
        System.arraycopy(tail, 0, joined, name.length, tail.length);
        return fromBytes(joined);
    }

    /** Returns {@code path} as text: UTF-8, a byte that is not valid UTF-8 as {@code \xHH}. */
    static String show(Path path) {
        return show(Arguments.decode(bytes(path)));
    }

    /** Returns a name as {@link Arguments} decoded it as text: each escaped byte as {@code \xHH}. */
    static String show(String name) {
        if (!Arguments.hasEscapedBytes(name)) {
            return name;
        }
        StringBuilder shown = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Arguments.isEscapedByte(name, i)) {
                shown.append(String.format("\\x%02x", c & 0xff));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    /** Returns the bytes the operating system knows {@code path} by. */
    static byte[] bytes(Path path) {
        String text = path.toString();
        if (text.indexOf('\uFFFD') < 0) {
            // Decoded without a replacement, so encoding gives the bytes back: the usual case, a cheap one.
            return text.getBytes(Arguments.fileNameEncoding());
        }
        byte[] absolute = uriBytes(path.toAbsolutePath());
        if (path.isAbsolute()) {
            return absolute;
        }
        byte[] base = uriBytes(Path.of("").toAbsolutePath());
        int skip = base.length + (base.length > 0 && base[base.length - 1] == '/' ? 0 : 1);
        return skip <= absolute.length ? Arrays.copyOfRange(absolute, skip, absolute.length) : absolute;
    }

    /** Makes a path from bytes: through a file URI, relative when {@code name} is and has no . or .. in it. */
    private static Path fromBytes(byte[] name) {
        boolean relative = name.length > 0 && name[0] != '/';
        Path base = Path.of("").toAbsolutePath();
        StringBuilder uri = new StringBuilder("file://");
        if (relative) {
            uri.append(base.toUri().getRawPath());
        }
        boolean slash = relative; // the base ends with one
        for (byte b : name) {
            int c = b & 0xff;
            if (c == '/' && slash) {
                continue; // a repeated slash: the kernel ignores it, a path made from a URI would keep it
            }
            slash = c == '/';
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        if (uri.length() > "file:///".length() && uri.charAt(uri.length() - 1) == '/') {
            uri.setLength(uri.length() - 1);
        }
        Path absolute = Path.of(URI.create(uri.toString()));
        String text = "/" + new String(name, java.nio.charset.StandardCharsets.ISO_8859_1) + "/";
        boolean dots = text.contains("/./") || text.contains("/../");
        // relativize strips the base, and would also fold "..", which a symbolic link can make wrong.
        return relative && !dots ? base.relativize(absolute) : absolute;
    }

    private static byte[] uriBytes(Path absolute) {
        String raw = absolute.toUri().getRawPath();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        byte[] result = bytes.toByteArray();
        // A directory's URI ends with a slash its path does not have.
        int end = result.length;
        while (end > 1 && result[end - 1] == '/') {
            end--;
        }
        return Arrays.copyOf(result, end);
    }
}
