package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process tests refuse a {@code weft.jar} that lacks the classes compiled since it was built. */
final class BuiltJarTest {
    @TempDir
    Path dir;

    private Path jar(Map<String, String> entries) throws Exception {
        Path jar = Files.createDirectories(dir.resolve("weft-cli/target")).resolve("weft.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-07T12:00:00Z")));
        return jar;
    }

    private Path classes(String module, Map<String, String> files) throws Exception {
        Path classes = dir.resolve(module).resolve("target/classes");
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = classes.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-07T13:00:00Z"))); // after the jar
        }
        return classes;
    }

    @Test
    void aJarHoldingEveryClassAsCompiledIsFreshWhateverTheTimes() throws Exception {
        Path jar = jar(Map.of("dev/weft/A.class", "a", "dev/weft/cli/B.class", "b", "weft-version.properties", "1"));
        Path core = classes("weft-core", Map.of("dev/weft/A.class", "a", "module-info.class", "m"));
        Path cli = classes("weft-cli", Map.of("dev/weft/cli/B.class", "b", "weft-version.properties", "2"));

        assertThat(BuiltJar.problem(jar, List.of(core, cli, dir.resolve("weft-reactor/target/classes"))))
                .isNull();
    }

    @Test
    void aClassCompiledDifferentlySinceSaysToPackageFirst() throws Exception {
        Path jar = jar(Map.of("dev/weft/A.class", "a", "dev/weft/cli/B.class", "b"));
        Path core = classes("weft-core", Map.of("dev/weft/A.class", "a"));
        Path cli = classes("weft-cli", Map.of("dev/weft/cli/B.class", "b, changed"));

        assertThat(BuiltJar.problem(jar, List.of(core, cli)))
                .isEqualTo(jar + " holds another dev/weft/cli/B.class than the one " + cli + " got when compiled"
                        + " since: the process tests run ./weft, which runs that jar, and would test the code of an earlier build; run `mvn -pl weft-cli -am"
                        + " package` first (`mvn verify` packages before it runs them)");
    }

    @Test
    void aClassTheJarLacksSaysToPackageFirst() throws Exception {
        Path jar = jar(Map.of("dev/weft/A.class", "a"));
        Path reactor = classes("weft-reactor", Map.of("dev/weft/nio/C.class", "c"));

        assertThat(BuiltJar.problem(jar, List.of(reactor)))
                .startsWith(jar + " has no dev/weft/nio/C.class, which " + reactor + " got when compiled since: ");
    }

    @Test
    void aMissingJarSaysToPackageFirst() {
        Path jar = dir.resolve("weft-cli/target/weft.jar");

        assertThat(BuiltJar.problem(jar, List.of()))
                .isEqualTo(jar + " does not exist, and the process tests run ./weft, which runs it: run `mvn -pl"
                        + " weft-cli -am package` first (`mvn verify` packages before it runs them)");
    }
}
