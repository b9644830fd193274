package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.Side;
import dev.weft.internet.testing.pcap.PcapFormatException;
import dev.weft.internet.testing.pcap.PcapImport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code tcpdump -i lo} capture of one TCP port for the import tests, and a wait for a whole conversation in it. */
final class Tcpdump {
    private Tcpdump() {}

    /**
     * Starts tcpdump on the loopback interface with {@code options} before {@code -w}, and returns once it says it is
     * capturing. Where tcpdump is missing or may not capture, a test that needs it fails ({@code required}); another
     * is skipped, with the reason.
     */
    static Process start(Path pcap, int port, boolean required, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-i", "lo", "-U"));
        command.addAll(List.of(options));
        command.addAll(List.of("-w", pcap.toString(), "tcp port " + port));
        Process tcpdump;
        try {
            tcpdump = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return unavailable(
                    required, "tcpdump is not installed: apt-get install -y tcpdump (.ci/run does): " + e.getMessage());
        }
        BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), US_ASCII));
        String line = err.readLine(); // tcpdump prints "listening on lo, ..." once it captures
        if (line == null || !line.contains("listening on")) {
            tcpdump.destroy();
            return unavailable(required, "tcpdump could not capture on lo (it needs root or CAP_NET_RAW): " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // tcpdump ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return tcpdump;
    }

    private static Process unavailable(boolean required, String why) {
        if (required) {
            return fail(why);
        }
        assumeTrue(false, why);
        throw new AssertionError(why); // not reached: the assumption aborts the test
    }

    /** Waits, on file-change events, until the capture holds the conversation's two FINs. */
    static void awaitWholeConversation(Path pcap, int port) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            pcap.getParent().register(watch, ENTRY_CREATE, ENTRY_MODIFY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!complete(pcap, port)) {
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    fail("tcpdump wrote no complete conversation to " + pcap + " within 60 s");
                }
                key.pollEvents();
                key.reset();
            }
        }
    }

    private static boolean complete(Path pcap, int port) throws IOException {
        if (!Files.exists(pcap)) {
            return false;
        }
        try {
            Capture c = PcapImport.read(pcap, port, null).capture();
            return !c.connections().isEmpty()
                    && c.connection(1).halfClosed(Side.CLIENT)
                    && c.connection(1).halfClosed(Side.SERVER);
        } catch (PcapFormatException e) {
            return false; // a packet record half written: the next change completes it
        }
    }
}
