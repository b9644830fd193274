package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code send ENDPOINT [FILE]} without options starts without picocli: it must run as picocli would run it. */
final class PlainSendTest {
    private static final CliContext CONTEXT = new CliContext(
            InputStream.nullInputStream(),
            new PrintStream(java.io.OutputStream.nullOutputStream()),
            new PrintStream(java.io.OutputStream.nullOutputStream()),
            false,
            new Interrupter(),
            address -> {});

    @Test
    void setsEveryOptionAndParameterAsPicocliDoes() throws Exception {
        String[][] commandLines = {
            {"send", "tcp:host=127.0.0.1:port=9000"},
            {"send", "tcp:host=127.0.0.1:port=9000", "report.pdf"},
            {"send", "unix:/tmp/weft.sock", "-"},
            {"send", "tcp:host=127.0.0.1:port=9000", "caf\u00e9 r\u00e9sum\u00e9.txt"},
        };
        int compared = 0;
        for (String[] args : commandLines) {
            SendCommand plain = WeftCli.plainSend(CONTEXT, args);
            assertThat(plain).as(String.join(" ", args)).isNotNull();
            CommandLine picocli = WeftCli.commandLine(CONTEXT, args);
            SendCommand parsed = (SendCommand)
                    picocli.parseArgs(args).subcommand().commandSpec().userObject();
            for (Field field : SendCommand.class.getDeclaredFields()) {
                if (field.isAnnotationPresent(Option.class) || field.isAnnotationPresent(Parameters.class)) {
                    field.setAccessible(true);
                    assertThat(field.get(plain))
                            .as("%s in '%s'", field.getName(), String.join(" ", args))
                            .isEqualTo(field.get(parsed));
                    compared++;
                }
            }
        }
        assertThat(compared).as("options and parameters compared").isGreaterThan(4 * 6);
    }

    @Test
    void leavesEveryOtherCommandLineToPicocli() {
        String endpoint = "tcp:host=127.0.0.1:port=9000";
        String[][] others = {
            {"send"},
            {"send", "--json", endpoint},
            {"send", endpoint, "--json"},
            {"send", endpoint, "file", "extra"},
            {"send", "--", endpoint},
            {"send", "@arguments.txt"},
            {"send", endpoint, "@file"},
            {"send", "-", "file"},
            {"send", "", "file"},
            {"--debug", "send", endpoint},
            {"send", "-h"},
            {"sink", "--listen", "tcp:0"},
            {"dump", "capture.jsonl"},
        };
        for (String[] args : others) {
            assertThat(WeftCli.plainSend(CONTEXT, args))
                    .as(String.join(" ", args))
                    .isNull();
        }
    }

    @Test
    void failsWithTheLineAndExitCodeThatPicocliGives(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("one.txt"), "x", StandardCharsets.US_ASCII);
        CliRun plain;
        CliRun picocli;
        String endpoint;
        try (Clients.HeldPort refusing = Clients.refusingPort()) {
            endpoint = refusing.endpoint();
            plain = CliRun.run("send", endpoint, file.toString());
            // -- changes nothing but sends the command line through picocli
            picocli = CliRun.run("send", "--", endpoint, file.toString());
        }

        String line = plain.oneErrorLine(1);
        assertThat(line).startsWith("weft send: cannot connect to " + endpoint);
        assertThat(picocli.oneErrorLine(1)).isEqualTo(line);
    }

    @Test
    void sendsAFileAndPrintsTheReply(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("request.txt"), "hello\n", StandardCharsets.US_ASCII);
        try (EchoServer echo = EchoServer.start()) {
            CliRun send = CliRun.run("send", echo.endpoint(), file.toString());

            assertThat(send.awaitExit()).as("stderr: %s", send.err.text()).isZero();
            assertThat(send.out.text()).isEqualTo("hello\n");
        }
    }
}
