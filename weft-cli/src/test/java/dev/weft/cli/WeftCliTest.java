package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

final class WeftCliTest {
    /** Noting which signal stopped the JVM costs milliseconds of reflection: only commands that run until stopped. */
    @Test
    void onlyCommandsThatRunUntilStoppedNoteTheSignal() {
        assertThat(WeftCli.runsUntilStopped(new String[] {"sink", "--listen", "tcp:0"}))
                .isTrue();
        assertThat(WeftCli.runsUntilStopped(new String[] {"send", "tcp:host=h:port=1"}))
                .isTrue();
        assertThat(WeftCli.runsUntilStopped(new String[] {"--debug", "tap"})).isTrue();
        assertThat(WeftCli.runsUntilStopped(new String[] {"--version"})).isFalse();
        assertThat(WeftCli.runsUntilStopped(new String[] {"sink", "--help"})).isFalse();
        assertThat(WeftCli.runsUntilStopped(new String[] {"help", "sink"})).isFalse();
        assertThat(WeftCli.runsUntilStopped(new String[] {"import", "x.pcap", "--out", "x.weftcap"}))
                .isFalse();
        assertThat(WeftCli.runsUntilStopped(new String[0])).isFalse();
    }

    @Test
    void helpListsEveryCommandWithExamples() throws Exception {
        CliRun help = CliRun.run("--help");

        assertThat(help.awaitExit()).isZero();
        assertThat(help.out.text())
                .startsWith("Network tools on weft, Twisted's protocol model for Java.\nUsage: weft [-hV] [--debug]"
                        + " [COMMAND]\n")
                .contains(
                        "Commands:", "  sink ", "  send ", "  tap ", "  dump ", "  help ", "Examples:", "  weft sink  ")
                .contains("Exit codes: 0 success, 1 runtime failure, 2 bad usage, 130/143 a SIGINT/SIGTERM before");
        assertThat(help.err.text()).isEmpty();
    }

    @Test
    void eachCommandHasHelpWithExamples() throws Exception {
        for (String command : new String[] {"sink", "send", "tap", "dump"}) {
            CliRun help = CliRun.run(command, "--help");

            assertThat(help.awaitExit()).isZero();
            assertThat(help.out.text())
                    .as(command)
                    .contains("\nUsage: weft " + command + " ")
                    .contains("Examples:", "  weft " + command + " ");
        }
        assertThat(CliRun.run("help", "tap").out.text()).contains("\nUsage: weft tap ");
    }

    @Test
    void onlyTheNamedCommandIsBuiltAndEverythingElseSeesAllOfThem() throws Exception {
        assertThat(WeftCli.commandNamed(new String[] {"sink", "--listen", "tcp:0"}))
                .isEqualTo("sink");
        assertThat(WeftCli.commandNamed(new String[] {"--debug", "send", "tcp:host=a:port=1"}))
                .isEqualTo("send");
        assertThat(WeftCli.commandNamed(new String[] {"--version"})).isEqualTo("--version");
        assertThat(WeftCli.commandNamed(new String[] {"-V", "--debug"})).isEqualTo("--version");
        assertThat(WeftCli.commandNamed(new String[] {"-V", "sink"})).isNull();
        assertThat(WeftCli.commandNamed(new String[] {"help", "sink"})).isNull();
        assertThat(WeftCli.commandNamed(new String[] {"snk"})).isNull();
        assertThat(WeftCli.commandNamed(new String[] {})).isNull();

        CliContext context = new CliContext(
                InputStream.nullInputStream(), System.out, System.err, false, new Interrupter(), a -> {});
        assertThat(WeftCli.commandLine(context, new String[] {"sink", "--listen", "tcp:0"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("sink");
        assertThat(WeftCli.commandLine(context, new String[] {"snik"})
                        .getSubcommands()
                        .keySet())
                .containsExactlyElementsOf(WeftCli.COMMANDS);
        CliRun typo = CliRun.run("snik");
        assertThat(typo.awaitExit()).isEqualTo(2);
        assertThat(typo.err.text()).startsWith("weft: unknown command 'snik': the commands are sink, send, tap, dump");
        CliRun sink = CliRun.run("sink", "--bogus");
        assertThat(sink.awaitExit()).isEqualTo(2);
        assertThat(sink.err.text()).startsWith("weft sink: Unknown option: '--bogus'");
    }

    @Test
    void sinkHelpShowsTheDefaultEndpoint() throws Exception {
        assertThat(CliRun.run("sink", "--help").out.text()).contains("(default: tcp:9000:interface=127.0.0.1;");
    }

    @Test
    void versionNamesWeftAndJava() throws Exception {
        CliRun version = CliRun.run("--version");

        assertThat(version.awaitExit()).isZero();
        assertThat(version.lines().get(0)).matches("weft \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(version.lines().get(1)).startsWith("Java " + System.getProperty("java.version"));
    }

    @Test
    void noCommandIsAUsageError() throws Exception {
        assertThat(CliRun.run().oneErrorLine(2))
                .isEqualTo("weft: a command is needed: sink, send, tap, dump, replay or import (see 'weft --help')");
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        assertThat(CliRun.run("snik").oneErrorLine(2))
                .isEqualTo(
                        "weft: unknown command 'snik': the commands are sink, send, tap, dump, replay, import, help, completion,"
                                + " manpage (see 'weft --help')");
        assertThat(CliRun.run("help", "snik").oneErrorLine(2))
                .isEqualTo(
                        "weft: unknown command 'snik': the commands are sink, send, tap, dump, replay, import, help, completion,"
                                + " manpage (see 'weft --help')");
    }

    @Test
    void helpRefusesWhatFollowsTheCommandNamingIt() throws Exception {
        CliRun extra = CliRun.run("help", "sink", "extra");
        CliRun option = CliRun.run("help", "sink", "-x");

        assertThat(extra.oneErrorLine(2))
                .isEqualTo("weft help: unexpected argument 'extra': help describes one command; write weft help sink");
        assertThat(extra.out.text()).isEmpty();
        assertThat(option.oneErrorLine(2))
                .isEqualTo("weft help: unknown option '-x': help takes a command name and nothing else; write e.g."
                        + " weft help sink");
        CliRun helpOfHelp = CliRun.run("help", "--help");
        assertThat(helpOfHelp.awaitExit()).isZero();
        assertThat(helpOfHelp.out.text()).contains("Usage: weft help [-hV] [--debug] [COMMAND]");
    }

    /** The list of types comes from the parser that reads them (TlsEndpoints, on Endpoints), ssl: and tls: included. */
    @Test
    void anUnknownEndpointTypeIsAnsweredWithEveryTypeTheCommandTakes() throws Exception {
        String server = "unknown server endpoint type \"foo\" in \"foo:1\"; expected \"tcp\", \"tcp6\", \"unix\" or"
                + " \"ssl\", e.g. \"tcp:8080\", \"unix:/run/app.sock\" or \"ssl:8443:privateKey=key.pem\"";
        String client = "unknown client endpoint type \"foo\" in \"foo:1\"; expected \"tcp\", \"tcp6\", \"unix\" or"
                + " \"tls\", e.g. \"tcp:example.org:80\", \"unix:/run/app.sock\" or \"tls:host=example.org:port=443\"";

        assertThat(CliRun.run("sink", "--listen", "foo:1").oneErrorLine(2))
                .startsWith("weft sink: bad endpoint 'foo:1' for --listen: " + server + "; write it like ");
        assertThat(CliRun.run("send", "foo:1").oneErrorLine(2))
                .startsWith("weft send: bad endpoint 'foo:1' for ENDPOINT: " + client + "; write it like ");
        assertThat(CliRun.run("tap", "--listen", "tcp:0", "--to", "foo:1", "--record", "x")
                        .oneErrorLine(2))
                .contains(client);
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        assertThat(CliRun.run("sink", "--lisen", "tcp:0").oneErrorLine(2))
                .startsWith("weft sink: Unknown options: '--lisen', 'tcp:0' (see 'weft sink --help')");
    }

    /** As coreutils: help or a version that cannot be written (a full disk) is a failure, said in one line. */
    @Test
    void helpAndVersionThatCannotBeWrittenExit1WithOneLine() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        String[][] commandLines = {
            {"--help"},
            {"--version"},
            {"-V"},
            {"sink", "--help"},
            {"send", "-h"},
            {"sink", "--version"},
            {"help"},
            {"help", "replay"},
            {"completion"},
            {"manpage"},
        };
        for (String[] args : commandLines) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = WeftCli.run(args, InputStream.nullInputStream(), new PrintStream(full), new PrintStream(err));

            String command = args[0].startsWith("-") ? "weft" : "weft " + args[0];
            assertThat(code).as(String.join(" ", args)).isEqualTo(1);
            assertThat(err.toString())
                    .as(String.join(" ", args))
                    .isEqualTo(command + ": cannot write to standard output (a closed pipe or a full disk)\n");
        }
    }

    @Test
    void publicRunUsesTheGivenStreamsAndReturnsTheExitCode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = WeftCli.run(
                new String[] {"dump", "/nonexistent/x"},
                InputStream.nullInputStream(),
                new PrintStream(out),
                new PrintStream(err));

        assertThat(code).isEqualTo(1);
        assertThat(out.size()).isZero();
        assertThat(err.toString()).startsWith("weft dump: cannot read /nonexistent/x: no such file");
    }
}
