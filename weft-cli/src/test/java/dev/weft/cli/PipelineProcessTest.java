package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 17's pipeline and command-line cases (8 to 11), run through the real {@code ./weft} process. */
final class PipelineProcessTest {
    /** Case 8: a full disk on standard output ends the command at once with exit 1. */
    @Test
    void outputToAFullDiskFailsAtOnce() throws Exception {
        WeftProcess sink = WeftProcess.shell("./weft sink --listen tcp:0 --json > /dev/full");

        assertThat(sink.awaitExit()).isEqualTo(1);
        assertThat(sink.err.text())
                .isEqualTo("weft sink: cannot write to standard output (a closed pipe or a full disk): stopped after 0"
                        + " connections\n");
    }

    /** Case 8: help and the version, sent to a full disk, exit 1 with one line, as coreutils' commands do. */
    @Test
    void helpAndVersionToAFullDiskFail() throws Exception {
        WeftProcess p = WeftProcess.shell("for a in --help --version 'sink --help' 'help sink'; do"
                + " ./weft $a > /dev/full; echo \"$a: $?\"; done");

        assertThat(p.awaitExit()).isZero();
        assertThat(p.lines()).containsExactly("--help: 1", "--version: 1", "sink --help: 1", "help sink: 1");
        assertThat(p.err.text().lines())
                .containsExactly(
                        "weft: cannot write to standard output (a closed pipe or a full disk)",
                        "weft: cannot write to standard output (a closed pipe or a full disk)",
                        "weft sink: cannot write to standard output (a closed pipe or a full disk)",
                        "weft help: cannot write to standard output (a closed pipe or a full disk)");
    }

    /**
     * Case 8: once the reader of standard output is gone (head -1), the next line ends the sink as it ends cat: nothing
     * printed, 141 (128 + SIGPIPE).
     */
    @Test
    void aClosedPipeEndsTheSinkAtItsNextLine() throws Exception {
        // head -1 takes the listening line and exits; the subshell then closes the pipe's last read
        // end and only then says so on standard error, so the test knows the pipe is closed.
        try (WeftProcess sink = WeftProcess.shell("set -o pipefail; ./weft sink --listen tcp:0 --json"
                + " | (head -1; exec 0<&-; echo 'pipe closed' >&2)")) {
            int port = sink.port();
            sink.err.awaitContains("pipe closed");

            Clients.exchange(port, "x".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isEqualTo(141);
            assertThat(sink.err.text()).isEqualTo("pipe closed\n");
        }
    }

    /** Case 10: --version works on every command; an unknown command gets one message however it is asked. */
    @Test
    void versionOnEveryCommandAndOneMessageForAnUnknownCommand() throws Exception {
        for (String[] args :
                new String[][] {{"sink", "--version"}, {"send", "-V"}, {"tap", "--version"}, {"dump", "-V"}}) {
            WeftProcess version = WeftProcess.run(args);
            assertThat(version.awaitExit()).isZero();
            assertThat(version.lines().get(0)).as(String.join(" ", args)).startsWith("weft 0.");
        }
        WeftProcess bogus = WeftProcess.run("bogus");
        WeftProcess helpBogus = WeftProcess.run("help", "bogus");
        assertThat(bogus.awaitExit()).isEqualTo(2);
        assertThat(helpBogus.awaitExit()).isEqualTo(2);
        assertThat(bogus.err.text())
                .isEqualTo(helpBogus.err.text())
                .startsWith("weft: unknown command 'bogus': the commands are sink, send, tap, dump");
    }

    /** Case 11: values that would silently mean something else are refused with one line and exit 2. */
    @Test
    void valuesAreRejectedNotReinterpreted() throws Exception {
        assertRefused(new String[] {"sink", "--max-bytes", "0"}, "weft sink: --max-bytes must be 1 or more, not 0");
        assertRefused(new String[] {"sink", "--expect", "0"}, "weft sink: --expect must be 1 or more, not 0");
        assertRefused(new String[] {"sink", "--out", ""}, "weft sink: --out needs a directory path");
        assertRefused(
                new String[] {"sink", "--max-bytes", "99999999T"},
                "weft sink: Invalid value for option '--max-bytes': '99999999T' is too large");
        assertRefused(
                new String[] {"tap", "--listen", "tcp:0", "--to", "tcp:h:1", "--record", ""}, "weft tap: --record");
        assertRefused(
                new String[] {
                    "tap", "--listen", "tcp:0", "--to", "tcp:h:1", "--record", "x", "--fault", "latency=3153600000000"
                },
                "weft tap: --fault: bad fault 'latency=3153600000000': latency is 0 to 31622400000 ms (a year of 366"
                        + " days), not 3153600000000 (write latency=MS)");
    }

    private static void assertRefused(String[] args, String start) throws Exception {
        WeftProcess p = WeftProcess.run(args);
        assertThat(p.awaitExit()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(p.err.text()).startsWith(start).hasLineCount(1);
    }
}
