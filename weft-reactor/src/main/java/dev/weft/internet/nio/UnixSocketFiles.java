package dev.weft.internet.nio;

import dev.weft.internet.nio.internal.PathKinds;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What is at the path of a UNIX-domain socket, for a message that says why a listen or a connect there failed and
 * what to do. Thread-safe (stateless; reads the file system).
 */
public final class UnixSocketFiles {
    private UnixSocketFiles() {}

    /**
     * Names what is at {@code file} (links followed): {@code socket}, {@code directory}, {@code regular file}, {@code
     * named pipe} or {@code device}; null if nothing is there or it cannot be looked at. Where the file system gives
     * no mode, a file that is neither a directory nor a regular file is taken for a socket.
     */
    public static @Nullable String whatIsAt(Path file) {
        return PathKinds.whatIsAt(file);
    }
}
