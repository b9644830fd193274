package dev.weft.cli;

import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Saves each connection's bytes as {@code DIR/<seq>-<peer>.bin} for {@code sink --out DIR}, or as
 * {@code DIR/<seq>-<peer>.<how>.bin} when it did not close cleanly ({@code reset}, {@code
 * over_limit}, {@code error}, {@code interrupted}, {@code idle}: see {@link Outcome#fileSuffix()}),
 * so its name alone says that the file may hold less than the peer meant to send. The bytes are
 * streamed as they arrive into a hidden temporary file ({@code .<seq>-<peer>.bin.part}, a {@link
 * PartFile}), which is renamed to its final name, the suffix included, when the connection has
 * closed, atomically: a reader sees the whole file or none, and memory stays bounded however much a
 * connection sends. A file of the same name from an earlier run is replaced. A run that is killed
 * leaves only the hidden {@code .part} file of a connection that was open.
 *
 * <p>Nothing is fsynced: as with {@code nc -l > file}, the bytes are in the page cache when the line
 * is printed and reach the disk when the kernel writes them back. The rename is atomic against other
 * processes, not against a power cut; an fsync per file would make every connection wait for the
 * disk.
 *
 * <p>Thread-safe (it keeps no state besides the directory); {@code sink} uses it on its reactor thread.
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
                    "cannot use --out " + FileNames.show(directory) + ": " + e.getFile()
                            + " is a file, not a directory; give a directory path",
                    e);
        } catch (AccessDeniedException e) {
            throw CliFailure.runtime(
                    "cannot write to --out " + FileNames.show(directory) + ": permission denied on " + e.getFile()
                            + "; choose a directory you can write to",
                    e);
        } catch (NoSuchFileException e) {
            throw CliFailure.runtime(
                    "cannot create --out " + FileNames.show(directory) + ": " + e.getFile()
                            + " does not exist; choose a directory you can write to",
                    e);
        } catch (FileSystemException e) {
            boolean underFile = "Not a directory".equals(e.getReason());
            throw CliFailure.runtime(
                    "cannot use --out " + FileNames.show(directory) + ": " + Problems.io(e)
                            + (underFile
                                    ? "; a part of the path is a file: give a directory path"
                                    : "; choose a directory you can write to"),
                    e);
        } catch (IOException | SecurityException e) {
            throw CliFailure.runtime(
                    "cannot write to --out " + FileNames.show(directory) + ": " + Problems.io(e)
                            + "; choose a directory you can write to",
                    e);
        }
    }

    /**
     * Creates the temporary file of connection {@code seq} from {@code peer}; its final name is {@code
     * DIR/<seq>-<peer>.bin}, with how the connection ended put before {@code .bin} when it did not close
     * cleanly (applied by {@link PartFile#commit(String)}).
     *
     * @throws IOException if the file cannot be created
     */
    PartFile create(int seq, IAddress peer) throws IOException {
        return PartFile.create(directory.resolve(seq + "-" + fileSafe(peer) + ".bin"));
    }

    /** Returns the peer as {@link Addresses#text} writes it, every character but letters, digits, dot and dash made {@code _}. */
    static String fileSafe(IAddress peer) {
        return Addresses.text(peer).replaceAll("[^A-Za-z0-9.-]", "_").replaceAll("^[.]+", "_");
    }
}
