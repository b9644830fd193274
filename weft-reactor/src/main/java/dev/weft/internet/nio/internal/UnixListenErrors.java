package dev.weft.internet.nio.internal;

import dev.weft.internet.CannotListenError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Explains why a UNIX-domain port could not listen, from the OS's error and what is at its path: a socket
 * file left there (by a running server or one that stopped), another kind of file, a missing directory.
 * Each reason ends with what to do. Thread-safe (stateless; reads the file's type).
 */
final class UnixListenErrors {
    private UnixListenErrors() {}

    /** Returns the listen error for {@code path}, whose bind (or setting its mode) failed with {@code cause}. */
    static CannotListenError of(String path, Throwable cause) {
        return CannotListenError.unix(path, reason(path, cause), cause);
    }

    private static String reason(String path, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        Path file;
        try {
            file = Path.of(path);
        } catch (RuntimeException e) {
            return message;
        }
        if (lower.contains("in use")) {
            String what = PathKinds.whatIsAt(file);
            if (what == null || what.equals("socket")) {
                return "the socket file exists: another server listens there, or one left it behind; remove it if"
                        + " none does";
            }
            if (what.equals("directory")) {
                return "it is a directory; give the path of a socket file inside it, e.g. " + file.resolve("weft.sock");
            }
            return "it is a " + what + ", not a socket; choose another path";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (lower.contains("no such file") && parent != null && !Files.isDirectory(parent)) {
            return "the directory " + parent + " does not exist; create it or choose another path";
        }
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            return "permission denied; choose a directory this user may create files in";
        }
        if (lower.contains("too long")) {
            return "the path is longer than a socket's path may be (about 100 bytes); choose a shorter one";
        }
        return message;
    }
}
