package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * What is at the path of a UNIX-domain socket, for a message that says why a listen or a connect there failed and
 * what to do: the work behind the public {@code UnixSocketFiles}, here so that this package needs no type of the
 * public one. Thread-safe (stateless; reads the file system).
 */
public final class PathKinds {
    private PathKinds() {}

    /**
     * Names what is at {@code file} (links followed): {@code socket}, {@code directory}, {@code regular file}, {@code
     * named pipe} or {@code device}; null if nothing is there or it cannot be looked at. Where the file system gives
     * no mode, a file that is neither a directory nor a regular file is taken for a socket.
     *
     * @param file the path to look at
     * @return what is there, in words, or null
     */
    public static @Nullable String whatIsAt(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                return "directory";
            }
            if (attributes.isRegularFile()) {
                return "regular file";
            }
            return switch (fileTypeBits(file)) {
                case 0010000 -> "named pipe";
                case 0020000, 0060000 -> "device";
                default -> "socket";
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Returns the {@code S_IFMT} bits of the file's mode, or -1 where the platform does not give them. */
    private static int fileTypeBits(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
