package dev.weft.protocols.basic.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPullProducer;
import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.FileSender;
import dev.weft.protocols.basic.LineReceiver;
import dev.weft.protocols.readme.ReadmeBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Sending a file" example of weft-protocols/README.md, run; the last test keeps the two in step. */
final class FileSenderReadmeTest {
    /** Answers {@code GET name} with {@code FILE size}, the file's bytes, then {@code END}. */
    static final class FileServer extends LineReceiver {
        private final Path dir;

        FileServer(Path dir) {
            this.dir = dir;
        }

        @Override
        public void lineReceived(byte[] line) {
            try {
                sendFile(dir.resolve(new String(line, US_ASCII).substring("GET ".length())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void sendFile(Path path) throws IOException {
            InputStream in = Files.newInputStream(path);
            sendLine(("FILE " + Files.size(path)).getBytes(US_ASCII));
            new FileSender().beginFileTransfer(in, transport()).addBoth(outcome -> {
                in.close(); // FileSender leaves the stream open, as Twisted does
                sendLine("END".getBytes(US_ASCII)); // after the last chunk
                return outcome;
            });
        }
    }

    @Test
    void aFileGoesOutOneChunkPerResumeThenEnd(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.bin"), new byte[40_000]);
        FileServer server = new FileServer(dir);
        StringTransport transport = new StringTransport();
        server.makeConnection(transport);
        server.dataReceived("GET a.bin\r\n".getBytes(US_ASCII));

        int resumes = 0;
        while (transport.producer() instanceof IPullProducer sender) { // the reactor does this as its buffer drains
            sender.resumeProducing();
            resumes++;
        }
        // 16,384 + 16,384 + 7,232 bytes, then the end of the file
        assertThat(resumes).isEqualTo(4);
        assertThat(transport.value()).hasSize("FILE 40000\r\n".length() + 40_000 + "END\r\n".length());
        assertThat(new String(transport.value(), US_ASCII)).endsWith("\u0000END\r\n");
    }

    @Test
    void everyJavaBlockOfTheSectionIsCodeOfThisTest() throws IOException {
        ReadmeBlocks.assertEveryJavaBlockIsIn(
                Path.of("README.md"),
                "\n## Sending a file",
                "\n## ",
                Path.of("src/test/java/dev/weft/protocols/basic/readme/FileSenderReadmeTest.java"));
    }
}
