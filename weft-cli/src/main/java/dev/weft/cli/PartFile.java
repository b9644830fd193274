package dev.weft.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One connection's file of {@code sink --out} while it is being written: the bytes go to a hidden
 * temporary file ({@code .<name>.part}) as they arrive, and {@link #commit()} renames it to its
 * final name once the connection has closed, atomically, so the final name shows a complete file or
 * nothing; {@link #discard()} removes it instead. Nothing is fsynced (see {@link OutDirectory}).
 *
 * <p>Written on the reactor thread; once the connection is lost it is handed, with the protocol, to
 * the sink's reporter thread, which commits or discards it. Not thread-safe.
 */
final class PartFile {
    private final Path partial;
    private final Path target;
    private final FileChannel channel;

    private PartFile(Path partial, Path target, FileChannel channel) {
        this.partial = partial;
        this.target = target;
        this.channel = channel;
    }

    /** Creates (or truncates) the temporary file for {@code target}. */
    static PartFile create(Path target) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        FileChannel channel = FileChannel.open(
                partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new PartFile(partial, target, channel);
    }

    /** Appends the buffer's remaining bytes (all of them; the position ends at the limit). */
    void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Closes the file and renames it to its final name, replacing a file of that name; returns that name. */
    Path commit() throws IOException {
        try {
            channel.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Closes and removes the temporary file, ignoring failures (it is already unwanted). */
    void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we are deleting: nothing to save
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // nothing better to do than leave the hidden .part file
        }
    }
}
