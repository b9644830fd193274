package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names of any bytes, made into paths and shown. */
final class FileNamesTest {
    @TempDir
    Path dir;

    /** An empty name is no file (the JDK would take the current directory): each file argument refuses it. */
    @Test
    void anEmptyFileNameIsRefusedAsSuch() throws Exception {
        String endpoint = "tcp:host=127.0.0.1:port=9";
        String[][] commandLines = {
            {"send", endpoint, ""},
            {"dump", ""},
            {"replay", "", "--to", endpoint},
            {"import", "", "--out", dir.resolve("x.weftcap").toString()},
            {"import", dir.resolve("x.pcap").toString(), "--out", ""},
        };
        String[] expected = {
            "weft send: FILE needs a file path, not an empty string; give a file, or - to send standard input",
            "weft dump: FILE needs a file path, not an empty string; give a capture written by 'weft tap --record' or"
                    + " 'weft import'",
            "weft replay: CAPTURE needs a file path, not an empty string; give a capture written by 'weft tap"
                    + " --record' or 'weft import'",
            "weft import: FILE needs a file path, not an empty string; give a pcap or pcapng file, as tcpdump -w"
                    + " writes",
            "weft import: --out needs a file path, not an empty string; give the weft capture file to write",
        };
        for (int i = 0; i < commandLines.length; i++) {
            assertThat(CliRun.run(commandLines[i]).oneErrorLine(2))
                    .as(String.join(" ", commandLines[i]))
                    .isEqualTo(expected[i]);
        }
        assertThat(CliRun.run("send", "tls:host=127.0.0.1:port=9:trustRoots=").oneErrorLine(2))
                .isEqualTo("weft send: bad endpoint 'tls:host=127.0.0.1:port=9:trustRoots=' for ENDPOINT: tls client"
                        + " endpoint \"tls:host=127.0.0.1:port=9:trustRoots=\" has an empty trustRoots=; give a PEM"
                        + " file or a directory of them, or leave it out for the platform's CAs; write it like"
                        + " tls:host=example.org:port=443, with :trustRoots=ca.pem to trust a CA of your own");
    }

    @Test
    void aNameThatIsNotUtf8NamesTheFileOfThoseBytes() throws Exception {
        Path raw = Path.of(URI.create(dir.toUri() + "caf%E9"));
        Files.writeString(raw, "latin-1");
        Files.writeString(Path.of(URI.create(dir.toUri() + "caf%EF%BF%BD")), "replacement character");

        Path path = FileNames.path(dir + "/caf\uDCE9");
        assertThat(Files.readString(path, UTF_8)).isEqualTo("latin-1");
        assertThat(path.toUri()).isEqualTo(raw.toUri());
        assertThat(FileNames.show(path)).isEqualTo(dir + "/caf\\xe9");
        assertThat(FileNames.bytes(path)).endsWith('c', 'a', 'f', (byte) 0xe9);

        Path part = FileNames.withSuffix(path, ".part");
        assertThat(part.toUri().toString()).isEqualTo(dir.toUri() + "caf%E9.part");
        assertThat(FileNames.show(part)).isEqualTo(dir + "/caf\\xe9.part");
    }

    @Test
    void relativeNamesStayRelativeAndDotsAreKept() {
        Path relative = FileNames.path("out\uDCE9/x");
        assertThat(relative.isAbsolute()).isFalse();
        assertThat(FileNames.show(relative)).isEqualTo("out\\xe9/x");
        assertThat(relative.toAbsolutePath().toUri().toString()).endsWith("/out%E9/x");

        Path dotted = FileNames.path("../a\uDCFF//b");
        assertThat(dotted.toUri().getRawPath()).endsWith("/../a%FF/b");
    }

    /** Whatever this JVM's file-name encoding (ASCII when the build runs without a locale). */
    @Test
    void utf8NamesAreTheirUtf8Bytes() throws Exception {
        Path cafe = FileNames.path(dir + "/café.txt");
        Files.writeString(cafe, "crème");
        assertThat(cafe.toUri().toString()).isEqualTo(dir.toUri() + "caf%C3%A9.txt");
        assertThat(FileNames.show(cafe)).isEqualTo(dir + "/café.txt");
        assertThat(FileNames.show(FileNames.withSuffix(cafe, ".part"))).isEqualTo(dir + "/café.txt.part");
        assertThat(FileNames.bytes(FileNames.path("café"))).isEqualTo("café".getBytes(UTF_8));
    }
}
