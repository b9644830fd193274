package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case 10's terminal half, in a real terminal: {@code ./weft sink} and {@code ./weft send} run in tmux
 * windows 40 columns wide, and the tests read the screen as a user would see it. Skipped, with the
 * reason, where tmux is not installed (CI installs it).
 */
final class TerminalProcessTest {
    private static final int COLUMNS = 40;
    private static final Pattern LISTENING = Pattern.compile("listening on tcp:(\\d+):");

    @TempDir
    Path dir;

    /**
     * The status line fits the width (a wrapped line cannot be redrawn in place and leaves a copy
     * per redraw), there is one of it however often it is redrawn, and the busy connection comes
     * first although three idle ones were accepted before it.
     */
    @Test
    void sinkStatusLineFitsANarrowTerminalAndShowsTheBusiestConnectionFirst() throws Exception {
        try (TmuxPane tmux = TmuxPane.start(dir, COLUMNS, 20, "sink", "./weft sink --listen tcp:0")) {
            int port = port(tmux);
            Socket[] idle = new Socket[3];
            try (Socket busy = new Socket()) {
                for (int i = 0; i < idle.length; i++) {
                    idle[i] = new Socket("127.0.0.1", port);
                    idle[i].getOutputStream().write('x');
                    int open = i + 1;
                    tmux.await(
                            "sink", "open " + open, s -> s.stream().anyMatch(r -> r.startsWith("open " + open + " ")));
                }
                busy.connect(new InetSocketAddress("127.0.0.1", port));
                OutputStream out = busy.getOutputStream();
                byte[] chunk = new byte[64 << 10];
                // Each look at the screen follows another 64 KiB on the busy connection, so it is the
                // busiest in every interval between two redraws; the idle ones sent 1 byte, at first.
                Set<String> redraws = new HashSet<>();
                long deadline = System.nanoTime() + TmuxPane.TIMEOUT.toNanos();
                List<String> screen;
                do {
                    out.write(chunk);
                    screen = tmux.screen("sink");
                    for (String row : screen) {
                        assertThat(row.length())
                                .as("a row of the %d-column screen", COLUMNS)
                                .isLessThanOrEqualTo(COLUMNS);
                    }
                    assertThat(screen.stream().filter(r -> r.startsWith("open ")))
                            .as("status lines on the screen:\n" + String.join("\n", screen))
                            .hasSizeLessThanOrEqualTo(1);
                    screen.stream().filter(r -> r.startsWith("open 4 | #4 ")).forEach(redraws::add);
                } while (redraws.size() < 3 && System.nanoTime() < deadline);
                assertThat(redraws).as("three redraws with #4 first").hasSize(3);

                List<String> joined = tmux.joined("sink");
                List<String> status =
                        joined.stream().filter(l -> l.startsWith("open ")).toList();
                assertThat(status).hasSize(1);
                assertThat(status.get(0))
                        .as("the status line, cut to fit")
                        .startsWith("open 4 | #4 ")
                        .hasSizeLessThan(COLUMNS)
                        .endsWith("~");
                // What was printed before the status line is intact: the listening line, wrapped as usual.
                assertThat(joined.get(0)).startsWith("listening on tcp:" + port + ":interface=127.0.0.1 (connect with");
            } finally {
                for (Socket s : idle) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
            // Once every connection has closed the status line is gone and the report lines are there.
            List<String> end = tmux.await(
                    "sink",
                    "four report lines and no status line",
                    s -> String.join("\n", s).contains("#4 ")
                            && s.stream().noneMatch(r -> r.startsWith("open "))
                            && s.stream()
                                            .filter(r -> r.matches("#[1-4] 127\\.0\\.0\\.1:.*"))
                                            .count()
                                    == 4);
            assertThat(end).noneMatch(r -> r.contains("open "));
        }
    }

    /**
     * {@code send} reading what is typed on the terminal draws no progress over it, nor does a {@code
     * send} of a file whose reply goes to the terminal, while a {@code send} of a file whose reply is
     * redirected, watched at the same time, shows its progress (so the other two were watched over
     * several progress intervals), cut to the width, in one place, and clears it at the end.
     */
    @Test
    void sendDrawsNoProgressOverTypingButShowsItForAFile() throws Exception {
        Path file = Files.write(dir.resolve("big.bin"), Clients.randomBytes(4 << 20, 7));
        try (ServerSocket typedServer = listen();
                ServerSocket fileServer = listen();
                ServerSocket replyServer = listen();
                TmuxPane tmux = TmuxPane.start(
                        dir,
                        COLUMNS,
                        20,
                        "typed",
                        "./weft send tcp:host=127.0.0.1:port=" + typedServer.getLocalPort()
                                + " > /dev/null; echo exit=$?; exec cat")) {
            CompletableFuture<byte[]> typed = CompletableFuture.supplyAsync(() -> readAll(typedServer));
            Socket held;
            tmux.type("typed", "hello from the keyboard");
            tmux.keys("typed", "Enter");
            tmux.type("typed", "half a line");

            tmux.window(
                    "file",
                    "./weft send tcp:host=127.0.0.1:port=" + fileServer.getLocalPort() + " " + file
                            + " > /dev/null; echo exit=$?; exec cat");
            tmux.window(
                    "reply",
                    "./weft send tcp:host=127.0.0.1:port=" + replyServer.getLocalPort() + " " + file
                            + "; echo exit=$?; exec cat");
            // The file's receiver reads nothing yet: the sender fills the socket buffers and waits,
            // drawing its progress every half second.
            held = fileServer.accept();
            Socket replyHeld = replyServer.accept();
            replyHeld.getOutputStream().write("the reply\n".getBytes(US_ASCII));
            Set<String> progress = new HashSet<>();
            long deadline = System.nanoTime() + TmuxPane.TIMEOUT.toNanos();
            do {
                List<String> fileScreen = tmux.screen("file");
                assertThat(fileScreen.stream().filter(r -> r.contains("sent ")))
                        .as("progress lines:\n" + String.join("\n", fileScreen))
                        .hasSizeLessThanOrEqualTo(1);
                fileScreen.stream().filter(r -> r.startsWith("sent ")).forEach(progress::add);
                List<String> typedScreen = tmux.screen("typed");
                assertThat(typedScreen)
                        .as("the typing window")
                        .contains("hello from the keyboard")
                        .noneMatch(r -> r.contains("sent "))
                        .anyMatch(r -> r.startsWith("half a line"));
                assertThat(typedScreen).noneMatch(r -> r.startsWith("exit="));
                List<String> replyScreen = tmux.screen("reply");
                assertThat(replyScreen).as("the reply window").noneMatch(r -> r.contains("sent "));
            } while (progress.size() < 3 && System.nanoTime() < deadline);
            assertThat(progress).as("the file's progress, redrawn").hasSize(3);
            assertThat(progress).allMatch(p -> p.length() < COLUMNS);

            try (held) {
                held.getInputStream().readAllBytes();
            }
            List<String> fileEnd = tmux.await("file", "the file send's exit", s -> s.contains("exit=0"));
            assertThat(fileEnd).as("the progress is cleared").noneMatch(r -> r.contains("sent "));
            try (replyHeld) {
                replyHeld.shutdownOutput();
                replyHeld.getInputStream().readAllBytes();
            }
            List<String> replyEnd = tmux.await("reply", "the reply send's exit", s -> s.contains("exit=0"));
            assertThat(replyEnd).containsSubsequence("the reply", "exit=0").noneMatch(r -> r.contains("sent "));

            tmux.keys("typed", "Enter");
            tmux.keys("typed", "C-d");
            List<String> typedEnd = tmux.await("typed", "the typing send's exit", s -> s.contains("exit=0"));
            assertThat(typedEnd)
                    .contains("hello from the keyboard", "half a line")
                    .noneMatch(r -> r.contains("sent "));
            assertThat(new String(typed.get(TmuxPane.TIMEOUT.toSeconds(), TimeUnit.SECONDS), US_ASCII))
                    .isEqualTo("hello from the keyboard\nhalf a line\n");
        }
    }

    private int port(TmuxPane tmux) throws Exception {
        List<String> screen = tmux.await(
                "sink",
                "the listening line",
                s -> LISTENING.matcher(String.join("", s)).find());
        Matcher m = LISTENING.matcher(String.join("", screen));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static ServerSocket listen() throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return server;
    }

    /** Accepts one connection and reads it to its end, then closes it. */
    private static byte[] readAll(ServerSocket server) {
        try (Socket socket = server.accept();
                InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
