package dev.weft.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns file names given on the command line into paths. Linux file names are bytes; the JVM reads
 * arguments and names files in the locale's encoding, which the {@code ./weft} launcher makes UTF-8
 * whatever {@code LANG} says. A name that is not valid UTF-8 arrives with replacement characters in
 * it and would silently name another file: it is refused with a line that says so. Thread-safe.
 */
final class FileNames {
    private FileNames() {}

    /**
     * Returns the path {@code name} names.
     *
     * @throws CliFailure (usage) if the name is not valid in the JVM's file-name encoding
     */
    static Path path(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            throw CliFailure.usage("the file name '" + name + "' is not valid UTF-8 (weft reads file names as"
                    + " UTF-8); rename the file, or point a symbolic link with a UTF-8 name at it");
        }
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw CliFailure.usage("the file name '" + name + "' cannot be used: " + e.getReason() + " (file names are"
                    + " read in the encoding " + System.getProperty("sun.jnu.encoding") + "; run weft through its"
                    + " ./weft launcher, or set LC_ALL=C.UTF-8)");
        }
    }
}
