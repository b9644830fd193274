package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code weft tap --fault} reads byte counts and rates as {@code --max-bytes} reads sizes: 1K is 1024 bytes. */
final class FaultSizesTest {
    @Test
    void aFaultTakesASizeWithASuffixAsMaxBytesDoes() throws Exception {
        try (EchoServer echo = EchoServer.start();
                CliRun tap = CliRun.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        echo.endpoint(),
                        "--fault",
                        "s>c:close-after=1K",
                        "--expect",
                        "1")) {
            Clients.Exchange exchange = Clients.exchange(tap.port(), Clients.randomBytes(3000, 5));

            assertThat(exchange.reply()).as("cut by the fault at 1K").hasSize(1024);
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
        }
    }

    @Test
    void aBadRateNamesTheFaultTheValueAndWhatIsAccepted() throws Exception {
        CliRun tap =
                CliRun.run("tap", "--listen", "tcp:0", "--to", "tcp:host=127.0.0.1:port=9", "--fault", "bandwidth=10X");

        assertThat(tap.oneErrorLine(2))
                .isEqualTo("weft tap: --fault: bad fault 'bandwidth=10X': '10X' is not a rate: give a number of bytes,"
                        + " optionally with K, M, G or T (1K = 1024), a second, like 10K or 10K/s (write"
                        + " bandwidth=BYTES/s)");
    }
}
