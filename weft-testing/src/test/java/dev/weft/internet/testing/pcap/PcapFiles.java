package dev.weft.internet.testing.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Crafts TCP/IP packets, link headers and pcap/pcapng files for the import tests. */
final class PcapFiles {
    static final int FIN = 1;
    static final int SYN = 2;
    static final int RST = 4;
    static final int PSH = 8;
    static final int ACK = 16;

    /** One frame to write: when, its bytes, and its length on the wire. */
    record Timed(long micros, byte[] frame, int original) {
        /** A frame captured whole. */
        Timed(long micros, byte[] frame) {
            this(micros, frame, frame.length);
        }
    }

    /** The wire length of each frame {@link #cut} made (arrays compare by identity), for the files to give. */
    private static final Map<byte[], Integer> CUT = new WeakHashMap<>();

    private final List<Timed> frames = new ArrayList<>();

    PcapFiles add(long micros, byte[] frame) {
        Integer original;
        synchronized (CUT) {
            original = CUT.get(frame);
        }
        frames.add(new Timed(micros, frame, original == null ? frame.length : original));
        return this;
    }

    /**
     * Returns the first {@code keep} bytes of {@code frame} (all of it if shorter), remembered as cut from its whole
     * length: a file that {@link #add}s it gives that as its original length, as tcpdump -s does.
     */
    static byte[] cut(byte[] frame, int keep) {
        if (keep >= frame.length) {
            return frame;
        }
        byte[] part = java.util.Arrays.copyOf(frame, keep);
        synchronized (CUT) {
            CUT.put(part, frame.length);
        }
        return part;
    }

    static byte[] tcp(int flags, long seq, byte[] payload, int sport, int dport) {
        return tcp(flags, seq, 0, payload, sport, dport);
    }

    static byte[] tcp(int flags, long seq, long ack, byte[] payload, int sport, int dport) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        t.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
        t.put(payload);
        return t.array();
    }

    static byte[] ipv4(String src, String dst, byte[] tcp) throws Exception {
        ByteBuffer ip = ByteBuffer.allocate(20 + tcp.length);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length)).putInt(0x00004000);
        ip.put((byte) 64).put((byte) 6).putShort((short) 0);
        ip.put(InetAddress.getByName(src).getAddress())
                .put(InetAddress.getByName(dst).getAddress());
        ip.put(tcp);
        return ip.array();
    }

    static byte[] ipv6(String src, String dst, byte[] tcp) throws Exception {
        // with a hop-by-hop options header (8 bytes) before TCP, to walk the chain
        ByteBuffer ip = ByteBuffer.allocate(40 + 8 + tcp.length);
        ip.putInt(0x60000000).putShort((short) (8 + tcp.length)).put((byte) 0).put((byte) 64);
        ip.put(InetAddress.getByName(src).getAddress())
                .put(InetAddress.getByName(dst).getAddress());
        ip.put((byte) 6).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0});
        ip.put(tcp);
        return ip.array();
    }

    static byte[] ethernet(byte[] ip, boolean vlan) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[12]);
        if (vlan) {
            f.writeBytes(new byte[] {(byte) 0x81, 0, 0, 5});
        }
        boolean v6 = (ip[0] & 0xF0) == 0x60;
        f.writeBytes(v6 ? new byte[] {(byte) 0x86, (byte) 0xDD} : new byte[] {8, 0});
        f.writeBytes(ip);
        while (f.size() < 60) {
            f.write(0xEE); // Ethernet padding, which must not be taken for payload
        }
        return f.toByteArray();
    }

    static byte[] sll(byte[] ip) {
        ByteBuffer f = ByteBuffer.allocate(16 + ip.length);
        f.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]);
        f.putShort((short) ((ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800)).put(ip);
        return f.array();
    }

    static byte[] sll2(byte[] ip) {
        ByteBuffer f = ByteBuffer.allocate(20 + ip.length);
        f.putShort((short) ((ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800))
                .putShort((short) 0)
                .putInt(1);
        f.putShort((short) 772).put((byte) 0).put((byte) 6).put(new byte[8]).put(ip);
        return f.array();
    }

    static byte[] nullLink(byte[] ip, ByteOrder order, int af) {
        ByteBuffer f = ByteBuffer.allocate(4 + ip.length).order(order);
        f.putInt(af).put(ip);
        return f.array();
    }

    /** A little-endian microsecond pcap file. */
    byte[] pcap(int linkType) {
        ByteBuffer b = ByteBuffer.allocate(
                        24 + frames.stream().mapToInt(t -> 16 + t.frame.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(262144)
                .putInt(linkType);
        for (Timed t : frames) {
            b.putInt((int) (t.micros / 1_000_000)).putInt((int) (t.micros % 1_000_000));
            b.putInt(t.frame.length).putInt(t.original).put(t.frame);
        }
        return b.array();
    }

    /** A big-endian pcapng file with one interface, nanosecond timestamps, and a comment block to skip. */
    byte[] pcapng(int linkType) {
        return pcapng(linkType, ByteOrder.BIG_ENDIAN);
    }

    /** The same in {@code order}: a PC's capture tools write little-endian sections. */
    byte[] pcapng(int linkType, ByteOrder order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block(
                out,
                order,
                0x0A0D0D0A,
                ByteBuffer.allocate(16)
                        .order(order)
                        .putInt(0x1A2B3C4D)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putLong(-1)
                        .array());
        block(
                out,
                order,
                1,
                ByteBuffer.allocate(16)
                        .order(order)
                        .putShort((short) linkType)
                        .putShort((short) 0)
                        .putInt(0)
                        .putShort((short) 9)
                        .putShort((short) 1)
                        .put((byte) 9)
                        .put(new byte[3])
                        .array());
        block(out, order, 0x0BAD, new byte[8]); // a block type this reader does not know
        for (Timed t : frames) {
            long nanos = t.micros * 1000;
            int padded = (t.frame.length + 3) & ~3;
            ByteBuffer epb = ByteBuffer.allocate(20 + padded).order(order);
            epb.putInt(0)
                    .putInt((int) (nanos >>> 32))
                    .putInt((int) nanos)
                    .putInt(t.frame.length)
                    .putInt(t.original);
            epb.put(t.frame);
            block(out, order, 6, epb.array());
        }
        return out.toByteArray();
    }

    static void block(ByteArrayOutputStream out, ByteOrder order, int type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
        b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
        out.writeBytes(b.array());
    }
}
