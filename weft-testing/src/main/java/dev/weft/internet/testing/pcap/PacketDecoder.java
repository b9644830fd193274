package dev.weft.internet.testing.pcap;

import dev.weft.internet.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Finds the TCP segment in a frame: strips the link header (Ethernet with VLAN tags, Linux cooked SLL and SLL2, BSD
 * loopback NULL and LOOP, raw IP), then the IPv4 header or the IPv6 header and its extension headers. Sizes IP packets
 * from their length fields, never from the frame (Ethernet pads short frames); a frame cut in its TCP payload (at the
 * snapshot length: fewer bytes captured than its original length) gives the part captured, and how much is missing. A
 * frame captured whole whose headers run past its end is damaged, not cut; one whose IP length runs past its end keeps
 * the bytes it holds. Pure; thread-safe.
 */
final class PacketDecoder {
    /** What a frame held, when it held no TCP segment: a reason to count it, not an error. */
    enum Skip {
        NOT_IP,
        NOT_TCP,
        FRAGMENT,
        /**
         * The frame, cut at the snapshot length, ends before the end of its TCP header: not even the segment's ports
         * and numbers are known.
         */
        CUT_HEADER,
        /**
         * An IPv4 header length or TCP data offset below 5 words, a TCP header past the end of its IP packet, or a
         * header past the end of a frame captured whole: damaged, not cut.
         */
        BAD_HEADER
    }

    /**
     * The outcome for one frame: a segment, or why there is none; {@code longIp} when its IP length ran past the end of
     * the frame captured whole (the segment holds what the frame does).
     */
    record Decoded(@Nullable TcpSegment segment, @Nullable Skip skip, boolean longIp) {
        Decoded(@Nullable TcpSegment segment, @Nullable Skip skip) {
            this(segment, skip, false);
        }
    }

    private PacketDecoder() {}

    static Decoded decode(Frame frame) {
        ByteBuffer b = ByteBuffer.wrap(frame.data());
        // A header that runs past the frame's end was cut only if the frame was: else it is damaged.
        Skip pastEnd = frame.cut() ? Skip.CUT_HEADER : Skip.BAD_HEADER;
        int ip;
        try {
            ip = ipOffset(frame.linkType(), b);
        } catch (IndexOutOfBoundsException e) {
            return new Decoded(null, pastEnd);
        }
        if (ip < 0) {
            return new Decoded(null, Skip.NOT_IP);
        }
        int wire = (int) Math.min(frame.originalLength(), Integer.MAX_VALUE);
        try {
            return ip(frame.micros(), b, ip, frame.snapLength() > 0 ? frame.snapLength() : -1, wire, pastEnd);
        } catch (IndexOutOfBoundsException e) {
            return new Decoded(null, pastEnd);
        }
    }

    /** Returns where the IP header starts, or -1 for a frame that carries no IP. */
    static int ipOffset(int linkType, ByteBuffer b) {
        switch (linkType) {
            case 0: { // NULL: AF in the capturing host's byte order
                int af = b.getInt(0);
                if (af > 0xFFFF || af < 0) {
                    af = Integer.reverseBytes(af);
                }
                return isAf(af) ? 4 : -1;
            }
            case 108: // LOOP: AF big-endian
                return isAf(b.getInt(0)) ? 4 : -1;
            case 1: { // Ethernet, optional 802.1Q / 802.1ad tags
                int at = 12;
                int type = Short.toUnsignedInt(b.getShort(at));
                while (type == 0x8100 || type == 0x88A8) {
                    at += 4;
                    type = Short.toUnsignedInt(b.getShort(at));
                }
                return type == 0x0800 || type == 0x86DD ? at + 2 : -1;
            }
            case 113: { // Linux cooked SLL
                int type = Short.toUnsignedInt(b.getShort(14));
                return type == 0x0800 || type == 0x86DD ? 16 : -1;
            }
            case 276: { // Linux cooked SLL2
                int type = Short.toUnsignedInt(b.getShort(0));
                return type == 0x0800 || type == 0x86DD ? 20 : -1;
            }
            case 101, 12, 14, 228, 229: // raw IP
                return 0;
            default:
                throw new PcapFormatException("link type " + linkType + " is not supported; weft reads Ethernet (1),"
                        + " Linux cooked (113, 276), loopback (0, 108) and raw IP (101, 228, 229) captures");
        }
    }

    private static boolean isAf(int af) {
        return af == 2 || af == 24 || af == 28 || af == 30;
    }

    /** Decodes the IP packet at {@code at} of a frame {@code wire} bytes long on the wire (its bytes may be fewer). */
    private static Decoded ip(long micros, ByteBuffer b, int at, int snapLength, int wire, Skip pastEnd) {
        int version = (b.get(at) & 0xF0) >> 4;
        int protocol;
        int tcp;
        int end;
        byte[] src;
        byte[] dst;
        if (version == 4) {
            int ihl = (b.get(at) & 0x0F) * 4;
            if (ihl < 20) {
                return new Decoded(null, Skip.BAD_HEADER);
            }
            int total = Short.toUnsignedInt(b.getShort(at + 2));
            int fragment = Short.toUnsignedInt(b.getShort(at + 6));
            protocol = b.get(at + 9) & 0xFF;
            src = Arrays.copyOfRange(b.array(), at + 12, at + 16);
            dst = Arrays.copyOfRange(b.array(), at + 16, at + 20);
            if (protocol == 6 && ((fragment & 0x2000) != 0 || (fragment & 0x1FFF) != 0)) {
                return new Decoded(null, Skip.FRAGMENT);
            }
            tcp = at + ihl;
            end = total == 0 ? wire : at + total; // TSO captures may carry 0
        } else if (version == 6) {
            int payload = Short.toUnsignedInt(b.getShort(at + 4));
            protocol = b.get(at + 6) & 0xFF;
            src = Arrays.copyOfRange(b.array(), at + 8, at + 24);
            dst = Arrays.copyOfRange(b.array(), at + 24, at + 40);
            tcp = at + 40;
            end = payload == 0 ? wire : tcp + payload;
            while (protocol == 0 || protocol == 43 || protocol == 60 || protocol == 51 || protocol == 44) {
                if (protocol == 44) {
                    return new Decoded(null, Skip.FRAGMENT);
                }
                int next = b.get(tcp) & 0xFF;
                int length = protocol == 51 ? ((b.get(tcp + 1) & 0xFF) + 2) * 4 : ((b.get(tcp + 1) & 0xFF) + 1) * 8;
                protocol = next;
                tcp += length;
            }
        } else {
            return new Decoded(null, Skip.NOT_IP);
        }
        if (protocol != 6) {
            return new Decoded(null, Skip.NOT_TCP);
        }
        if (tcp + 20 > b.limit() || tcp + ((b.get(tcp + 12) & 0xF0) >> 4) * 4 > b.limit()) {
            return new Decoded(null, pastEnd); // cut at the snapshot length inside the TCP header, or damaged
        }
        boolean longIp = end > wire; // the IP length claims more than was on the wire: damaged
        if (longIp) {
            end = wire;
        }
        int captured = Math.min(end, b.limit()); // a frame cut in its payload keeps what was captured of it
        int sourcePort = Short.toUnsignedInt(b.getShort(tcp));
        int destinationPort = Short.toUnsignedInt(b.getShort(tcp + 2));
        long seq = Integer.toUnsignedLong(b.getInt(tcp + 4));
        long ack = Integer.toUnsignedLong(b.getInt(tcp + 8));
        int dataOffset = ((b.get(tcp + 12) & 0xF0) >> 4) * 4;
        int flags = b.get(tcp + 13) & 0xFF;
        if (dataOffset < 20 || tcp + dataOffset > end) {
            return new Decoded(null, Skip.BAD_HEADER); // too short to hold its own fields, or longer than its packet
        }
        byte[] payload = Arrays.copyOfRange(b.array(), tcp + dataOffset, captured);
        String host = address(src);
        String peer = address(dst);
        return new Decoded(
                new TcpSegment(
                        micros,
                        join(host, sourcePort),
                        join(peer, destinationPort),
                        host,
                        peer,
                        sourcePort,
                        destinationPort,
                        seq,
                        ack,
                        flags,
                        payload,
                        end - captured,
                        snapLength >= 0 && b.limit() >= snapLength ? snapLength : -1),
                null,
                longIp);
    }

    private static String address(byte[] bytes) {
        try {
            return Addresses.hostOf(InetAddress.getByAddress(bytes)); // IPv6 as ::1, not 0:0:0:0:0:0:0:1
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    private static String join(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
