package dev.weft.cli;

import dev.weft.internet.IAddress;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Saves each connection's bytes as {@code DIR/<seq>-<peer>.bin} for {@code sink --out DIR}, or as
 * {@code DIR/<seq>-<peer>.<how>.bin} when it did not close cleanly ({@code reset}, {@code
 * over_limit}, {@code error}, {@code interrupted}, {@code idle}: see {@link Outcome#fileSuffix()}),
 * so its name alone says that the file may hold less than the peer meant to send. A file
 * is written under a hidden temporary name ({@code .<seq>-<peer>.bin.part}) and renamed when complete,
 * atomically, so a reader sees the whole file or none; a file of the same name from an earlier run is
 * replaced. The rename is atomic against other processes, not against a power cut (there is no
 * fsync).
 *
 * <p>Thread-safe (it keeps no state besides the directory); {@code sink} uses it on its reporter thread.
 */
final class OutDirectory {
    private final Path directory;

    private OutDirectory(Path directory) {
        this.directory = directory;
    }

    /**
     * Creates {@code directory} if needed and proves it writable by creating and deleting a file.
     *
     * @throws CliFailure (runtime) naming the directory, the problem and the fix
     */
    static OutDirectory prepare(Path directory) {
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".weft-probe-", ".tmp");
            Files.delete(probe);
            return new OutDirectory(directory);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw CliFailure.runtime(
                    "cannot use --out " + directory + ": " + e.getFile()
                            + " is a file, not a directory; give a directory path",
                    e);
        } catch (AccessDeniedException e) {
            throw CliFailure.runtime(
                    "cannot write to --out " + directory + ": permission denied on " + e.getFile()
                            + "; choose a directory you can write to",
                    e);
        } catch (NoSuchFileException e) {
            throw CliFailure.runtime(
                    "cannot create --out " + directory + ": " + e.getFile()
                            + " does not exist; choose a directory you can write to",
                    e);
        } catch (FileSystemException e) {
            boolean underFile = "Not a directory".equals(e.getReason());
            throw CliFailure.runtime(
                    "cannot use --out " + directory + ": " + Problems.io(e)
                            + (underFile
                                    ? "; a part of the path is a file: give a directory path"
                                    : "; choose a directory you can write to"),
                    e);
        } catch (IOException | SecurityException e) {
            throw CliFailure.runtime(
                    "cannot write to --out " + directory + ": " + Problems.io(e)
                            + "; choose a directory you can write to",
                    e);
        }
    }

    /**
     * Writes {@code protocol}'s bytes to the connection's file, named after how it ended, and returns its path.
     *
     * @throws IOException if writing or renaming fails; the temporary file is then removed
     */
    Path save(int seq, IAddress peer, AccumulatingProtocol protocol, Outcome outcome) throws IOException {
        String name = seq + "-" + Addresses.fileSafe(peer) + outcome.fileSuffix() + ".bin";
        Path target = directory.resolve(name);
        Path partial = directory.resolve("." + name + ".part");
        try {
            try (FileChannel channel = FileChannel.open(
                    partial,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                protocol.writeTo(channel);
            } catch (OutOfMemoryError e) {
                // Direct memory is exhausted (the connection was cut for it): a channel write needs a
                // temporary direct buffer, a plain stream does not.
                try (java.io.FileOutputStream stream = new java.io.FileOutputStream(partial.toFile())) {
                    protocol.writeTo(stream);
                }
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }
}
