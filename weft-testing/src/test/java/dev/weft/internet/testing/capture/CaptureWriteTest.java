package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Capture#write(Path)}, the counterpart of {@link Capture#read(Path)}: whole, atomic, nothing left behind. */
final class CaptureWriteTest {
    private static final long START = 1_767_225_600_000_000L;

    @TempDir
    Path dir;

    private final Capture capture = new Capture(START, CaptureFileTest.conversation());

    @Test
    void aWrittenCaptureReadsBackEqualAndIsWhatCaptureWriterWrites() throws IOException {
        Path file = dir.resolve("session.weftcap");

        capture.write(file);

        Capture back = Capture.read(file);
        assertThat(back.startEpochMicros()).isEqualTo(START);
        assertThat(back.records()).containsExactlyElementsOf(capture.records());
        assertThat(back.connections()).hasSize(2);
        assertThat(Files.readAllBytes(file)).isEqualTo(CaptureFileTest.write(CaptureFileTest.conversation()));
        assertThat(filesIn(dir)).containsExactly("session.weftcap");
    }

    @Test
    void anExistingFileIsReplacedWhole() throws IOException {
        Path file = dir.resolve("session.weftcap");
        Files.write(file, new byte[100_000]);

        capture.write(file);

        assertThat(Capture.read(file).records()).containsExactlyElementsOf(capture.records());
        assertThat(filesIn(dir)).containsExactly("session.weftcap");
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesTheFileAsItWasAndNoPart() throws IOException {
        Path file = dir.resolve("session.weftcap");
        byte[] before = "the capture of yesterday".getBytes(US_ASCII);
        Files.write(file, before);
        List<CaptureRecord> records = new ArrayList<>(CaptureFileTest.conversation());
        // A capture holds only records in order (the constructor checks), but not every one fits a file's record.
        records.add(new OpenRecord(3, 1000, "127.0.0.1:5001", "127.0.0.1:9001", "tcp:9"));
        records.add(new DataRecord(3, 1001, Side.CLIENT, new byte[CaptureFormat.MAX_BODY]));
        Capture bad = new Capture(START, records);

        assertThatThrownBy(() -> bad.write(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a data record holds at most 67108851 bytes (a 64 MiB body), not 67108864");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(filesIn(dir)).containsExactly("session.weftcap");
    }

    @Test
    void aMissingDirectoryFailsNamingItAndCreatesNothing() {
        Path file = dir.resolve("no-such-dir").resolve("session.weftcap");

        assertThatThrownBy(() -> capture.write(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no-such-dir");

        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aDirectoryIsRefusedNamingWhatToGive() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("captures"));

        assertThatThrownBy(() -> capture.write(sub))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("captures")
                .hasMessageContaining("is a directory; give the path of a file, e.g. ");

        assertThat(Files.isDirectory(sub)).isTrue();
        assertThat(filesIn(dir)).containsExactly("captures");
    }

    @Test
    void aStreamGetsTheSameBytesAndIsClosed() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        capture.write(out);

        assertThat(out.toByteArray()).isEqualTo(CaptureFileTest.write(CaptureFileTest.conversation()));
        assertThat(closed[0]).isTrue();
    }

    private static List<String> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
