package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What an import holds per open connection (begun, not yet ended), which is what a capture of many connections open at
 * once (a SYN flood, a busy server) costs: the live heap after a full collection, counted by the JVM's class histogram,
 * with that many connections open against none.
 */
@Isolated("it measures the live heap, which other tests' objects would change")
final class PcapConnectionCostTest {
    /** {@return the bytes of the live objects of the heap, after the full collection the histogram makes} */
    private static long liveBytes() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        String total = histogram
                .lines()
                .filter(l -> l.trim().startsWith("Total"))
                .findFirst()
                .orElseThrow();
        return Long.parseLong(total.trim().split("\\s+")[2]);
    }

    /**
     * Each connection's client sent a request and the server a reply, both acknowledged, and none closes: the import
     * holds about 900 bytes per connection (each direction's state, the bytes kept to compare retransmissions with, the
     * client's address; 1,600 before its maps and hole lists were made only when needed). Measured as the growth of the
     * live heap from 5,000 open connections to 15,000, so what the test's harness holds cancels out. With the serial or
     * parallel collector (the serial one is what a JVM given one CPU picks), the histogram counts as live the dead
     * objects a full collection leaves in place, up to 5% of the heap, which made the figure twice as high or negative:
     * this module's tests run with {@code -XX:MarkSweepDeadRatio=0}, which leaves none.
     */
    @Test
    void anOpenConnectionCostsUnderAKilobyte() throws Exception {
        long perConnection = (liveWhileOpen(15_000) - liveWhileOpen(5_000)) / 10_000;

        assertThat(perConnection).as("bytes per open connection").isBetween(300L, 1000L);
    }

    /**
     * Imports a capture of {@code connections} connections left open, and returns how much the live heap grew from the
     * start of reassembly to the moment one more connection opens, much later, while the others are still open.
     */
    private static long liveWhileOpen(int connections) throws Exception {
        PcapFiles f = new PcapFiles();
        for (int c = 0; c < connections; c++) {
            String client = "10.0." + (c >> 8) + "." + (c & 255);
            int port = 10000 + c;
            long t = 1_000_000 + c * 10L;
            f.add(t, PcapFiles.ipv4(client, "10.9.9.9", PcapFiles.tcp(SYN, 0, 0, new byte[0], port, 80)));
            f.add(t + 1, PcapFiles.ipv4("10.9.9.9", client, PcapFiles.tcp(SYN | ACK, 500, 1, new byte[0], 80, port)));
            byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII);
            f.add(t + 2, PcapFiles.ipv4(client, "10.9.9.9", PcapFiles.tcp(ACK, 1, 501, request, port, 80)));
            byte[] reply = "HTTP/1.0 200 OK\r\n".getBytes(US_ASCII);
            f.add(t + 3, PcapFiles.ipv4("10.9.9.9", client, PcapFiles.tcp(ACK, 501, 19, reply, 80, port)));
            f.add(t + 4, PcapFiles.ipv4(client, "10.9.9.9", PcapFiles.tcp(ACK, 19, 518, new byte[0], port, 80)));
        }
        // one more connection, much later: its open record is handed on (once its connected record, later, comes)
        // while the others are still open
        f.add(100_000_000, PcapFiles.ipv4("10.8.8.8", "10.9.9.9", PcapFiles.tcp(SYN, 0, 0, new byte[0], 9, 80)));
        f.add(100_000_010, PcapFiles.ipv4("10.9.9.9", "10.8.8.8", PcapFiles.tcp(SYN | ACK, 0, 1, new byte[0], 80, 9)));
        f.add(100_000_020, PcapFiles.ipv4("10.8.8.8", "10.9.9.9", PcapFiles.tcp(ACK, 1, 1, new byte[0], 9, 80)));
        byte[] file = f.pcap(101);
        long[] live = new long[2];

        PcapImport.run(
                () -> new ByteArrayInputStream(file),
                0,
                null,
                new PcapImport.Sink() {
                    @Override
                    public void start(long startEpochMicros) {
                        live[0] = measure();
                    }

                    @Override
                    public void record(CaptureRecord record) {
                        if (record instanceof OpenRecord && record.connection() == connections + 1) {
                            live[1] = measure();
                        }
                    }
                },
                false);
        assertThat(live[1]).as("measured with the connections open").isPositive();
        return live[1] - live[0];
    }

    private static long measure() {
        try {
            return liveBytes();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
