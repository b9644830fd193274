package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The reports of connections that close close together are handed to the reporter in batches. */
final class SinkBatchTest {
    @Test
    void everyConnectionOfABurstIsReportedOnceInTheOrderTheyClosedBeforeTheSummary() throws Exception {
        int connections = 300;
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", Integer.toString(connections))) {
            int port = sink.port();
            List<Integer> localPorts = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                // Each exchange ends when the sink has closed the connection: they close in this order.
                localPorts.add(Clients.exchange(port, ("connection " + i).getBytes(US_ASCII))
                        .localPort());
            }

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(connections + 2);
            for (int i = 0; i < connections; i++) {
                String line = lines.get(1 + i);
                Matcher report = SinkCommandTest.REPORT.matcher(line);
                assertThat(report.matches()).as(line).isTrue();
                assertThat(report.group(1)).as(line).isEqualTo(Integer.toString(i + 1));
                assertThat(Integer.parseInt(report.group(2))).as(line).isEqualTo(localPorts.get(i));
                assertThat(report.group(3)).as(line).isEqualTo(Integer.toString(("connection " + i).length()));
                assertThat(report.group(5)).as(line).isEqualTo("clean");
            }
            assertThat(lines.get(connections + 1))
                    .matches(SinkCommandTest.SUMMARY)
                    .startsWith("summary: " + connections + " connections, ")
                    .contains(": " + connections + " clean, 0 reset by peer");
            assertThat(sink.err.text()).isEmpty();
        }
    }

    @Test
    void connectionsThatClosedJustBeforeAnInterruptAreReportedBeforeTheSummary() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0")) {
            int port = sink.port();
            for (int i = 0; i < 5; i++) {
                Clients.exchange(port, "x".getBytes(US_ASCII));
            }
            // No wait for their lines: the interrupt may come while their batch is still pending.
            sink.interrupter.interrupt();

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(7);
            for (int i = 1; i <= 5; i++) {
                assertThat(lines.get(i)).startsWith("#" + i + " ").matches(SinkCommandTest.REPORT);
            }
            assertThat(lines.get(6)).matches(SinkCommandTest.SUMMARY).contains(": 5 clean, ");
        }
    }
}
