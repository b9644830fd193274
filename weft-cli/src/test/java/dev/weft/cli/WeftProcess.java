package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code ./weft} from the repository root as a real process, with its output captured. */
final class WeftProcess implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 120;
    private static final Pattern PORT =
            Pattern.compile("^(?:listening on |\\{\"event\":\"listening\",\"endpoint\":\")(?:tcp|ssl):(\\d+):");

    final Process process;
    final CapturedOutput out = new CapturedOutput();
    final CapturedOutput err = new CapturedOutput();
    private final boolean[] closed = new boolean[2];

    private WeftProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), out, "stdout");
        pump(process.getErrorStream(), err, "stderr");
    }

    /**
     * Returns the repository root: the parent of the weft-cli module, where the script lives. Fails the test if
     * {@code target/weft.jar} is older than the classes compiled for it ({@link BuiltJar}).
     */
    static Path root() {
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getFileName().toString().equals("weft-cli") ? module.getParent() : module;
        assertThat(root.resolve("weft")).as("the ./weft script").isExecutable();
        BuiltJar.requireFresh(root);
        return root;
    }

    /** Starts {@code ./weft args...} with standard input from {@code stdin}, or empty if null. */
    static WeftProcess start(Path stdin, String... args) throws IOException {
        return start(Map.of(), stdin, args);
    }

    /** Starts {@code ./weft args...} with these extra environment variables (WEFT_JAVA_OPTS, say). */
    static WeftProcess start(Map<String, String> env, Path stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("./weft");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
        // The build running these tests has just packaged target/weft.jar; the script's own staleness
        // check compares file times, which Maven leaves alone when a jar's content is unchanged, and a
        // rebuild from inside a test would print its progress line on standard error.
        builder.environment().put("WEFT_SKIP_BUILD", "1");
        builder.environment().putAll(env);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        if (stdin == null) {
            process.getOutputStream().close(); // an empty standard input
        }
        return new WeftProcess(process);
    }

    static WeftProcess start(String... args) throws IOException {
        return start(null, args);
    }

    /**
     * Runs {@code script} with {@code bash -c} in the repository root, where {@code ./weft} is the
     * launcher, so a test can set limits ({@code ulimit}), close descriptors ({@code <&-}) or change
     * the environment exactly as a user's shell would. Standard input is empty unless the script
     * redirects it.
     */
    static WeftProcess shell(String script) throws IOException {
        return shell(java.util.Map.of(), script);
    }

    /** Runs {@code script} as {@link #shell(String)} does, with {@code env} added to the environment. */
    static WeftProcess shell(java.util.Map<String, String> env, String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(root().toFile());
        builder.environment().put("WEFT_SKIP_BUILD", "1");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new WeftProcess(process);
    }

    /** Starts {@code ./weft args...} with {@code env} added to its environment and an empty standard input. */
    static WeftProcess startWith(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("./weft");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
        builder.environment().put("WEFT_SKIP_BUILD", "1");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new WeftProcess(process);
    }

    /** Runs {@code ./weft args...} to its end. */
    static WeftProcess run(String... args) throws Exception {
        WeftProcess p = start(args);
        p.awaitExit();
        return p;
    }

    int awaitExit() throws Exception {
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("exited in time")
                .isTrue();
        // The pumps finish once the streams close.
        out.await("the end of stdout", text -> closed[0]);
        err.await("the end of stderr", text -> closed[1]);
        return process.exitValue();
    }

    /** Waits for the "listening on" line and returns the port. */
    int port() throws InterruptedException {
        return port(out);
    }

    /** Waits for the "listening on" line on {@code stream} (standard error under --print) and returns the port. */
    int port(CapturedOutput stream) throws InterruptedException {
        String text = stream.await("the listening line", t -> PORT.matcher(t).find());
        Matcher m = PORT.matcher(text);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Closes this side of the process's standard output, as {@code head -1} does once it has its line. */
    void closeStdout() throws IOException {
        process.getInputStream().close();
    }

    List<String> lines() {
        return out.text().lines().toList();
    }

    /** Sends SIGINT, as Ctrl-C does. */
    void sigint() throws Exception {
        signal("INT");
    }

    /**
     * Skips the calling test when this JVM ignores SIGINT: a shell without job control starts its
     * background commands so (`mvn verify &` in a script, `nohup`), every child inherits it, and the
     * JVM then leaves SIGINT ignored, as any Unix program does. Linux only (`/proc`); elsewhere it
     * assumes SIGINT arrives.
     */
    static void assumeSigintArrives() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return;
        }
        long ignored = Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring(7).trim(), 16))
                .findFirst()
                .orElse(0);
        long sigint = 1L << (2 - 1); // SigIgn is a mask with bit n-1 for signal n; SIGINT is 2
        assumeFalse(
                (ignored & sigint) != 0,
                "this JVM ignores SIGINT (started in the background by a shell without job control), and so"
                        + " would ./weft: run the build in the foreground to test Ctrl-C");
    }

    /**
     * Sends SIGTERM with {@code kill}: {@link Process#destroy()} would also close this side of the
     * process's output pipes, losing what it prints while it stops.
     */
    void sigterm() throws Exception {
        signal("TERM");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void pump(InputStream from, CapturedOutput to, String name) {
        int index = name.equals("stdout") ? 0 : 1;
        Thread t = new Thread(
                () -> {
                    try (from) {
                        from.transferTo(to);
                    } catch (IOException ignored) {
                        // the process died; what was read is kept
                    }
                    synchronized (to) {
                        closed[index] = true;
                        to.notifyAll();
                    }
                },
                "weft-process-" + name);
        t.setDaemon(true);
        t.start();
    }
}
