package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.Side;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The import's reassembly on random segment sets: any order, duplicates, overlapping retransmissions, any ISN. */
final class PcapReassemblyPropertyTest {
    /**
     * A stream cut into random segments, some sent twice and some resent overlapping the ones before, all shuffled
     * between the handshake and the FINs, with the sequence numbers near their wrap or anywhere: the same bytes, no
     * problem.
     */
    @Property(tries = 150)
    void anySetOfSegmentsCoveringTheStreamReassemblesIt(
            @ForAll long seed, @ForAll @IntRange(max = 400) int size, @ForAll boolean nearTheWrap) throws Exception {
        Random random = new Random(seed);
        byte[] stream = new byte[size];
        random.nextBytes(stream);
        long isn = nearTheWrap ? (1L << 32) - 1 - random.nextInt(size + 2) : random.nextLong() & 0xFFFFFFFFL;
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, random.nextBoolean());
        List<byte[]> segments = new ArrayList<>();
        for (int at = 0; at < size; ) {
            int n = 1 + random.nextInt(Math.min(60, size - at));
            segments.add(p.fromClient(ACK, isn + 1 + at, Arrays.copyOfRange(stream, at, at + n)));
            if (random.nextInt(4) == 0) {
                segments.add(segments.get(segments.size() - 1));
            }
            if (random.nextInt(4) == 0) {
                int from = random.nextInt(at + n);
                int to = Math.min(size, from + 1 + random.nextInt(80));
                segments.add(p.fromClient(ACK, isn + 1 + from, Arrays.copyOfRange(stream, from, to)));
            }
            at += n;
        }
        Collections.shuffle(segments, random);
        PcapFiles f =
                new PcapFiles().add(1, p.fromClient(SYN, isn, "")).add(2, p.fromServer(SYN | ACK, 77, isn + 1, ""));
        for (byte[] s : segments) {
            f.add(3, s);
        }
        f.add(4, p.fromClient(FIN | ACK, isn + 1 + size, "")).add(5, p.fromServer(FIN | ACK, 78, isn + 2 + size, ""));

        PcapImport imported = PcapImport.read(f.pcap(101), 0, null);

        assertThat(imported.problems()).isEmpty();
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT)).isEqualTo(stream);
        assertThat(imported.capture().connection(1).halfClosed(Side.CLIENT)).isTrue();
    }
}
