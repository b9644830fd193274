package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft import --port/--host}: the summary counts the packets the capture was made from, of all those in the
 * file, and names the filter; it counted every packet in the file as if all were imported.
 */
final class ImportPortSummaryTest {
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    @TempDir
    Path dir;

    @Test
    void theSummaryCountsThePacketsOnThePortOfAllInTheFile() throws Exception {
        Path pcap = twoConnectionsAndAUdpPacket();
        Path out = dir.resolve("only.weftcap");

        CliRun run = CliRun.run("import", pcap.toString(), "--out", out.toString(), "--port", "9000");

        assertThat(run.awaitExit()).as(run.err.text()).isZero();
        assertThat(run.lines())
                .containsExactly("imported 1 connection (5 bytes c>s, 4 bytes s>c) from 7 of 15 packets (port 9000) of "
                        + pcap + " into " + out);
    }

    @Test
    void theSummaryNamesTheHostAndBothFilters() throws Exception {
        Path pcap = twoConnectionsAndAUdpPacket();
        Path host = dir.resolve("host.weftcap");
        Path both = dir.resolve("both.weftcap");

        CliRun byHost = CliRun.run("import", pcap.toString(), "--out", host.toString(), "--host", "10.0.0.3");
        CliRun byBoth =
                CliRun.run("import", pcap.toString(), "--out", both.toString(), "--port", "9001", "--host", "10.0.0.3");

        assertThat(byHost.lines())
                .containsExactly("imported 1 connection (5 bytes c>s, 4 bytes s>c) from 7 of 15 packets (host"
                        + " 10.0.0.3) of " + pcap + " into " + host);
        assertThat(byBoth.lines())
                .containsExactly("imported 1 connection (5 bytes c>s, 4 bytes s>c) from 7 of 15 packets (port 9001,"
                        + " host 10.0.0.3) of " + pcap + " into " + both);
    }

    /** Without a filter every packet counts, as before: no "of". */
    @Test
    void withoutAFilterTheSummaryCountsEveryPacket() throws Exception {
        Path pcap = twoConnectionsAndAUdpPacket();
        Path out = dir.resolve("all.weftcap");

        CliRun run = CliRun.run("import", pcap.toString(), "--out", out.toString());

        assertThat(run.lines())
                .containsExactly("imported 2 connections (10 bytes c>s, 8 bytes s>c) from 15 packets of " + pcap
                        + " into " + out);
    }

    /**
     * A raw-IP pcap: 10.0.0.1:5000 to 10.0.0.2:9000 and 10.0.0.1:5001 to 10.0.0.3:9001, each a handshake, "hello"
     * and "HEY!" acknowledged, and a FIN each way acknowledged (7 packets), then one UDP packet.
     */
    private Path twoConnectionsAndAUdpPacket() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0);
        header.putInt(65535).putInt(101); // LINKTYPE_RAW
        file.write(header.array());
        int[] time = {0};
        connection(file, time, 2, 5000, 9000);
        connection(file, time, 3, 5001, 9001);
        byte[] udp = ip(17, 1, 2, new byte[] {0x13, (byte) 0x88, 0x23, 0x28, 0, 9, 0, 0, 'x'});
        frame(file, time, udp);
        Path pcap = dir.resolve("two.pcap");
        Files.write(pcap, file.toByteArray());
        return pcap;
    }

    private static void connection(ByteArrayOutputStream file, int[] time, int server, int cport, int sport) {
        long c = 1000;
        long s = 5000;
        frame(file, time, tcp(1, server, cport, sport, c, 0, SYN, ""));
        frame(file, time, tcp(server, 1, sport, cport, s, c + 1, SYN | ACK, ""));
        frame(file, time, tcp(1, server, cport, sport, c + 1, s + 1, PSH | ACK, "hello"));
        frame(file, time, tcp(server, 1, sport, cport, s + 1, c + 6, PSH | ACK, "HEY!"));
        frame(file, time, tcp(1, server, cport, sport, c + 6, s + 5, FIN | ACK, ""));
        frame(file, time, tcp(server, 1, sport, cport, s + 5, c + 7, FIN | ACK, ""));
        frame(file, time, tcp(1, server, cport, sport, c + 7, s + 6, ACK, ""));
    }

    private static void frame(ByteArrayOutputStream file, int[] time, byte[] packet) {
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(1).putInt(time[0]++ * 1000).putInt(packet.length).putInt(packet.length);
        file.writeBytes(record.array());
        file.writeBytes(packet);
    }

    private static byte[] tcp(int from, int to, int fromPort, int toPort, long seq, long ack, int flags, String data) {
        byte[] payload = data.getBytes(US_ASCII);
        ByteBuffer segment = ByteBuffer.allocate(20 + payload.length);
        segment.putShort((short) fromPort)
                .putShort((short) toPort)
                .putInt((int) seq)
                .putInt((int) ack);
        segment.put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 65535)
                .putShort((short) 0)
                .putShort((short) 0);
        segment.put(payload);
        return ip(6, from, to, segment.array());
    }

    /** An IPv4 header from 10.0.0.FROM to 10.0.0.TO, with its checksum, and the payload. */
    private static byte[] ip(int protocol, int from, int to, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(20 + payload.length);
        packet.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (20 + payload.length))
                .putInt(0);
        packet.put((byte) 64).put((byte) protocol).putShort((short) 0);
        packet.put(new byte[] {10, 0, 0, (byte) from}).put(new byte[] {10, 0, 0, (byte) to});
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += packet.getShort(i) & 0xFFFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        packet.putShort(10, (short) ~((sum & 0xFFFF) + (sum >>> 16)));
        packet.put(payload);
        return packet.array();
    }
}
