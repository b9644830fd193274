package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A peer process (Twisted or OpenSSL) whose output lines a test waits for. */
final class PeerProcess implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();
    private final List<String> seen = new ArrayList<>();

    private PeerProcess(Process process, boolean mergeStderr) {
        this.process = process;
        Thread out = new Thread(() -> read(process.getInputStream(), true));
        out.setDaemon(true);
        out.start();
        if (!mergeStderr) {
            Thread err = new Thread(() -> read(process.getErrorStream(), false));
            err.setDaemon(true);
            err.start();
        }
    }

    /** Fails the test with one line unless {@code /usr/bin/python3} imports Twisted and pyOpenSSL. */
    static void requireTwisted() throws IOException, InterruptedException {
        String install = "apt-get install -y python3-twisted python3-openssl python3-service-identity";
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing; the TLS interop tests need Debian's Python with Twisted: " + install);
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import twisted, OpenSSL, service_identity")
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            fail(PYTHON + " cannot import twisted/OpenSSL (" + output.strip() + "): " + install);
        }
    }

    /** Fails the test with one line unless {@code /usr/bin/python3} imports {@code ssl}. */
    static void requirePython() throws IOException, InterruptedException {
        String install = "apt-get install -y python3";
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing; the TLS interop tests need it: " + install);
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import ssl, selectors")
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            fail(PYTHON + " cannot import ssl (" + output.strip() + "): " + install);
        }
    }

    /** Runs a Python script from the test resources with {@code /usr/bin/python3 -u}. */
    static PeerProcess python(String script, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(PYTHON.toString(), "-u", Path.of(resource("/" + script)).toString()));
        command.addAll(args);
        return new PeerProcess(new ProcessBuilder(command).start(), false);
    }

    /** Starts {@code command} with its standard input and output as pipes the test reads and writes. */
    static Process raw(List<String> command, Path stdout, Path stderr) throws IOException {
        return new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    /** Fails the test with one line unless the {@code openssl} command runs. */
    static void requireOpenssl() throws IOException, InterruptedException {
        try {
            Process check = new ProcessBuilder("openssl", "version")
                    .redirectErrorStream(true)
                    .start();
            check.getInputStream().readAllBytes();
            if (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0) {
                return;
            }
        } catch (IOException missing) {
            // reported below
        }
        fail("the openssl command is missing; the TLS interop tests need it: apt-get install -y openssl");
    }

    static PeerProcess twisted(String... args) throws IOException {
        return python("/twisted_tls_peer.py", args);
    }

    /** Runs the Python script {@code resource} (a test resource) with {@code args}. */
    static PeerProcess python(String resource, String... args) throws IOException {
        Path script = Path.of(resource(resource));
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", script.toString()));
        command.addAll(List.of(args));
        return new PeerProcess(new ProcessBuilder(command).start(), false);
    }

    static PeerProcess command(List<String> command, Path stdin, Path stdout) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectInput(stdin.toFile());
        if (stdout != null) {
            b.redirectOutput(stdout.toFile());
        }
        return new PeerProcess(b.start(), false);
    }

    private static java.net.URI resource(String name) {
        try {
            return PeerProcess.class.getResource(name).toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read(java.io.InputStream in, boolean stdout) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (stdout) {
                    lines.add(line);
                } else {
                    errors.append(line).append('\n');
                    lines.add("stderr: " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            if (stdout) {
                lines.add(EOF);
            }
        }
    }

    /** Returns the rest of the next line that starts with {@code prefix}, waiting up to 3 minutes. */
    String expect(String prefix) throws InterruptedException {
        while (true) {
            String line = lines.poll(180, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                fail("the peer printed no \"" + prefix + "\" line; it printed " + seen + "; stderr:\n" + errors);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
    }

    /** Collects the report lines (first word to the rest) up to and including {@code LOST}. */
    java.util.Map<String, String> report() throws InterruptedException {
        java.util.Map<String, String> r = new java.util.HashMap<>();
        while (!r.containsKey("LOST")) {
            String line = lines.poll(180, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                fail("the peer ended without a LOST line; it printed " + seen + "; stderr:\n" + errors);
            }
            seen.add(line);
            int space = line.indexOf(' ');
            if (space > 0 && !line.startsWith("stderr:")) {
                r.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return r;
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            fail("the peer did not exit; stderr:\n" + errors);
        }
        return process.exitValue();
    }

    String stderr() {
        return errors.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
