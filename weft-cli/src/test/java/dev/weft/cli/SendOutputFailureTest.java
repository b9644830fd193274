package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reply {@code send} could not write out is a failure, even when the failing write is the last one. */
class SendOutputFailureTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void aReplyThatCannotBeWrittenOutIsReportedAfterThePeerHasClosed() throws Exception {
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        ServerFactory.forProtocol(() -> new Protocol() {
                            @Override
                            public void connectionMade() {
                                transport().write("hello\n".getBytes(US_ASCII));
                                transport().loseConnection();
                            }
                        }),
                        50,
                        "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        OutputPump output = new OutputPump(full, rt.reactor());
        SendProtocol send = new SendProtocol(
                p -> new InputPump(
                        new ByteArrayInputStream(new byte[0]),
                        rt.reactor(),
                        p::chunkRead,
                        p::inputEnded,
                        p::inputFailed),
                output);
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> send)));

        SendProtocol.Result result = send.result().get(1, TimeUnit.MINUTES);
        assertThat(result.received()).isEqualTo(6);
        assertThat(result.localProblem()).isEqualTo(WeftCli.OUTPUT_FAILED);
    }

    /**
     * A reply sent to {@code /dev/full} is named as every command names a failed write to standard output, not as a
     * closed pipe: the command's PrintStream keeps the cause to itself.
     */
    @Test
    void aFullDiskIsNamedAsEveryCommandNamesAFailedOutput() throws Exception {
        OutputStream devFull = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        CapturedOutput err = new CapturedOutput();
        try (EchoServer echo = EchoServer.start()) {
            int code = WeftCli.run(
                    new String[] {"send", echo.endpoint()},
                    new ByteArrayInputStream("x\n".getBytes(US_ASCII)),
                    new PrintStream(devFull, true, US_ASCII),
                    err.printStream());

            assertThat(code).isOne();
            assertThat(err.text())
                    .isEqualTo("weft send: cannot write to standard output (a closed pipe or a full disk)\n");
        }
    }
}
