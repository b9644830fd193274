package dev.weft.protocols.basic;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs {@code twisted_framing_peer.py} under Debian's {@code /usr/bin/python3} and reads its lines. */
final class TwistedFramingPeer implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();
    private final List<String> seen = new ArrayList<>();

    private TwistedFramingPeer(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(process.getInputStream(), true));
        Thread err = new Thread(() -> pump(process.getErrorStream(), false));
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Fails the test with one clear line unless {@code /usr/bin/python3} can import twisted. */
    static void requireTwisted() throws IOException, InterruptedException {
        String install = "apt-get install -y python3-twisted";
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing; the framing interop tests need Debian's Python with Twisted: " + install);
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import twisted.protocols.basic")
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            fail(PYTHON + " cannot import twisted (" + output.strip() + "); install it: " + install);
        }
    }

    static TwistedFramingPeer start(String... args) throws IOException {
        Path script;
        try {
            script = Path.of(TwistedFramingPeer.class
                    .getResource("/twisted_framing_peer.py")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", script.toString()));
        command.addAll(List.of(args));
        return new TwistedFramingPeer(new ProcessBuilder(command).start());
    }

    private void pump(java.io.InputStream stream, boolean stdout) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (stdout) {
                    lines.add(line);
                } else {
                    errors.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // The process ended.
        } finally {
            if (stdout) {
                lines.add(EOF);
            }
        }
    }

    /** Returns the rest of the next stdout line starting with {@code prefix}, waiting up to 2 minutes. */
    String expect(String prefix) throws InterruptedException {
        while (true) {
            String line = lines.poll(120, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                return fail("the Twisted peer printed no \"" + prefix + "\" line; it printed " + seen + "; stderr:\n"
                        + errors);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
    }

    String stderr() {
        return errors.toString();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            fail("the Twisted peer did not exit; stderr:\n" + errors);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
