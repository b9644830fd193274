package dev.weft.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the process tests from testing an old {@code target/weft.jar}. They run {@code ./weft} with {@code
 * WEFT_SKIP_BUILD=1}, which runs that jar as it is; {@code mvn verify} packages it first, but a run of them alone
 * ({@code mvn test -Dtest=*ProcessTest}) stops before {@code package}, and would test the jar of an earlier
 * build, without a word. The jar must hold every class compiled for it, as compiled.
 */
final class BuiltJar {
    /** The modules whose classes the jar holds (the {@code ./weft} script's list). */
    static final List<String> MODULES =
            List.of("weft-core", "weft-testing", "weft-reactor", "weft-protocols", "weft-cli");

    private static @Nullable String checked;

    private BuiltJar() {}

    /**
     * Fails the calling test if {@code root}'s {@code weft-cli/target/weft.jar} is missing or lacks a class as
     * compiled since; checks once per test JVM.
     */
    static synchronized void requireFresh(Path root) {
        if (checked == null) {
            List<Path> classes = MODULES.stream()
                    .map(m -> root.resolve(m).resolve("target/classes"))
                    .toList();
            String problem = problem(root.resolve("weft-cli/target/weft.jar"), classes);
            checked = problem == null ? "" : problem;
        }
        if (!checked.isEmpty()) {
            throw new AssertionError(checked);
        }
    }

    /**
     * Says what is wrong with {@code jar} built from {@code classDirectories}, or returns null if it holds every class
     * file there as it is. Contents are compared, not times: a build that stops before {@code package} recompiles
     * the modules whose dependencies' jars are newer, to the same bytes.
     */
    static @Nullable String problem(Path jar, List<Path> classDirectories) {
        String cure = "run `mvn -pl weft-cli -am package` first (`mvn verify` packages before it runs them)";
        if (!Files.isRegularFile(jar)) {
            return jar + " does not exist, and the process tests run ./weft, which runs it: " + cure;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Path dir : classDirectories) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        String name = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                        if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                            continue; // the jar leaves the module descriptors out
                        }
                        ZipEntry entry = zip.getEntry(name);
                        if (entry == null || entry.getCrc() != crc(file)) {
                            return jar
                                    + (entry == null
                                            ? " has no " + name + ", which "
                                            : " holds another " + name + " than the one ")
                                    + dir + " got when compiled since: the process tests run ./weft, which runs that"
                                    + " jar, and would test the code of an earlier build; " + cure;
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + jar + " with the classes compiled for it", e);
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }
}
