package dev.weft.internet.testing.pcap;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the frames of a pcap file (microsecond or nanosecond timestamps, either byte order) or a pcapng file (section
 * header, interface description, enhanced and simple packet, and interface statistics blocks, whose options are checked
 * to lie within their block; every other block is skipped) from a stream, one
 * frame per {@link #next()}: it holds one record or block at a time, so a file of any size (past 2 GiB too) reads in
 * little memory. A pcapng interface's {@code if_tsresol} and {@code if_tsoffset} (seconds added to each of its
 * timestamps) are applied exactly, the result rounded down to the microsecond. Short reads are fine. A file that ends
 * inside a record or block (tcpdump killed before it flushed) ends at the last whole one, and {@link #cut()} says
 * where; damage before the end throws. Confined to the calling thread.
 */
final class PacketFileReader implements Closeable {
    private static final int PCAP_MICROS = 0xA1B2C3D4;
    private static final int PCAP_NANOS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER = 0x1A2B3C4D;

    private final InputStream in;
    private final boolean pcapng;
    private ByteOrder order = ByteOrder.BIG_ENDIAN; // the pcap file's, or the pcapng section's
    private boolean nanos;
    private int snapLength;
    private int linkType;
    /**
     * pcapng: per interface of the current section, {linkType, units per second, snapshot length, if_tsoffset, isb_ifdrop,
     * isb_osdrop}.
     */
    private final List<long[]> interfaces = new ArrayList<>();
    /** pcapng: the packets dropped by the interfaces of the sections before this one, {isb_ifdrop, isb_osdrop}. */
    private final long[] drops = new long[2];

    private long at; // the offset of the next record or block
    private int sections; // pcapng: the section headers read
    private long source; // the source of the last frame returned
    private int count; // frames read so far
    private @Nullable String cut; // where the file ended inside a record or block, once it has

    /** Reads and checks the file header of {@code in}, which {@link #close()} closes. */
    PacketFileReader(InputStream in) throws IOException {
        this.in = in;
        byte[] first = in.readNBytes(4);
        if (first.length == 0) {
            throw new PcapFormatException("the file is empty; give a capture written by tcpdump -w or Wireshark");
        }
        if (first.length < 4) {
            throw new PcapFormatException(
                    "not a pcap or pcapng file: it is only " + plural(first.length, "byte") + " long");
        }
        int magic = ByteBuffer.wrap(first).getInt();
        if (magic == PCAPNG_SHB) {
            pcapng = true;
            pushBack = first;
            return;
        }
        pcapng = false;
        for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            int m = ByteBuffer.wrap(first).order(o).getInt();
            if (m == PCAP_MICROS || m == PCAP_NANOS) {
                order = o;
                nanos = m == PCAP_NANOS;
                byte[] rest = in.readNBytes(20);
                if (rest.length < 20) {
                    throw new PcapFormatException(
                            "truncated pcap header: the file ends at offset " + (4 + rest.length) + " of 24");
                }
                ByteBuffer b = ByteBuffer.wrap(rest).order(o);
                int major = Short.toUnsignedInt(b.getShort(0));
                if (major != 2) {
                    throw new PcapFormatException("pcap version " + major + "." + Short.toUnsignedInt(b.getShort(2))
                            + " is not supported; this reader knows version 2.4");
                }
                snapLength = b.getInt(12);
                linkType = b.getInt(16) & 0x0FFFFFFF; // the top bits may carry an FCS length
                at = 24;
                return;
            }
        }
        throw new PcapFormatException("not a pcap or pcapng file: it begins with the bytes "
                + String.format("%08x", magic) + ", not a pcap magic (a1b2c3d4, a1b23c4d) or a pcapng section header");
    }

    /** The pcapng section header's first bytes, read to tell the format, given back to the first block. */
    private byte @Nullable [] pushBack;

    /** Reads every frame of a file held in memory. */
    static List<Frame> read(byte[] file) {
        try (PacketFileReader reader = new PacketFileReader(new ByteArrayInputStream(file))) {
            List<Frame> frames = new ArrayList<>();
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /**
     * {@return where the last frame {@link #next()} returned was captured: 0 in a pcap file; in a pcapng file, its
     * section (counted from 1) in the high 32 bits and its interface in that section in the low 32} Each source's
     * frames are in the order its interface captured them; a pcapng file may give each its own run of blocks.
     */
    long source() {
        return source;
    }

    /** {@return how many frames {@link #next()} has returned} */
    int count() {
        return count;
    }

    /**
     * {@return once {@link #next()} has returned null, where the file ended inside its last record or block, as a
     * sentence; null when it ended between two}
     */
    @Nullable
    String cut() {
        return cut;
    }

    /** Returns the next frame, or null at the end of the file; throws {@link PcapFormatException} for damage. */
    @Nullable
    Frame next() throws IOException {
        Frame f = pcapng ? nextBlock() : nextRecord();
        if (f != null) {
            count++;
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private @Nullable Frame nextRecord() throws IOException {
        byte[] head = in.readNBytes(16);
        if (head.length == 0) {
            return null;
        }
        if (head.length < 16) {
            return cutShort("packet record", head.length, "its 16-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(order);
        long seconds = Integer.toUnsignedLong(b.getInt(0));
        long fraction = Integer.toUnsignedLong(b.getInt(4));
        if (fraction >= (nanos ? 1_000_000_000 : 1_000_000)) {
            String unit = nanos ? "nanosecond" : "microsecond";
            throw new PcapFormatException("packet record " + (count + 1) + " at offset " + at + " has a " + unit
                    + " field of " + fraction + ", not below " + (nanos ? "1000000000" : "1000000")
                    + " (a whole second or more): the file is damaged there, or its writer is faulty");
        }
        int captured = b.getInt(8);
        long original = Integer.toUnsignedLong(b.getInt(12));
        if (captured < 0 || captured > 0x4000000) {
            throw new PcapFormatException("packet record at offset " + at + " has an impossible length "
                    + Integer.toUnsignedString(captured));
        }
        byte[] data = in.readNBytes(captured);
        if (data.length < captured) {
            return cutShort(
                    "packet record",
                    16 + data.length,
                    "its " + (16 + captured) + " (a 16-byte header and " + plural(captured, "byte") + " of frame)");
        }
        at += 16 + captured;
        return new Frame(
                seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction), linkType, data, snapLength, original);
    }

    /** Reads pcapng blocks up to the next packet block, and returns its frame; null at the end of the file. */
    private @Nullable Frame nextBlock() throws IOException {
        while (true) {
            byte[] head = pushBack != null ? pushBack : new byte[0];
            pushBack = null;
            head = join(head, in.readNBytes(12 - head.length));
            if (head.length == 0) {
                return null;
            }
            if (head.length < 12) {
                return cutShort("pcapng block", head.length, "the 12 bytes of its type and length");
            }
            // A section header's type reads the same in either order; its byte-order magic sets the section's.
            ByteBuffer h = ByteBuffer.wrap(head);
            int type = h.getInt(0);
            if (type == PCAPNG_SHB) {
                int bom = h.getInt(8);
                if (bom == PCAPNG_BYTE_ORDER) {
                    order = ByteOrder.BIG_ENDIAN;
                } else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER) {
                    order = ByteOrder.LITTLE_ENDIAN;
                } else {
                    throw new PcapFormatException(
                            "pcapng section header at offset " + at + " has a bad byte-order magic");
                }
            }
            h.order(order);
            type = h.getInt(0);
            int length = h.getInt(4);
            if (length < 12 || length % 4 != 0) {
                throw new PcapFormatException("pcapng block at offset " + at + " has an impossible length "
                        + Integer.toUnsignedString(length) + " (a multiple of 4, at least 12): the file is damaged");
            }
            // Allocated as the bytes arrive: a damaged length costs no more than the file holds.
            byte[] rest = in.readNBytes(length - 12);
            if (rest.length < length - 12) {
                return cutShort(
                        "pcapng " + name(type) + " block", 12 + rest.length, "its " + Integer.toUnsignedString(length));
            }
            ByteBuffer b = ByteBuffer.wrap(join(head, rest)).order(order);
            long blockAt = at;
            at += length;
            Frame frame = block(b, type, length, blockAt);
            if (frame != null) {
                return frame;
            }
        }
    }

    private static byte[] join(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Checks one whole pcapng block {@code b} found at offset {@code at}; returns its frame if it is a packet. */
    private @Nullable Frame block(ByteBuffer b, int type, int length, long at) {
        int fixed = fixedLength(type);
        if (length < fixed) {
            throw new PcapFormatException("pcapng " + name(type) + " block at offset " + at + " is " + length
                    + " bytes long, shorter than its fixed fields (" + fixed + " bytes): the file is damaged");
        }
        int trailing = b.getInt(length - 4);
        if (trailing != length) {
            throw new PcapFormatException("pcapng block at offset " + at + " is " + length + " bytes long by the"
                    + " length at its start but " + Integer.toUnsignedString(trailing) + " by the copy at its"
                    + " end: the file is damaged there (were two captures joined, or bytes lost?)");
        }
        if (type == PCAPNG_SHB) {
            int major = Short.toUnsignedInt(b.getShort(12));
            if (major != 1) {
                throw new PcapFormatException(
                        "pcapng version " + major + " is not supported; this reader knows" + " version 1");
            }
            options(b, type, at, 24, length - 4, (code, value, size) -> {});
            endSection();
            sections++;
        }
        if (type == 1) { // interface description
            int link = Short.toUnsignedInt(b.getShort(8));
            long[] timing = timing(b, at, 16, length - 4);
            interfaces.add(new long[] {link, timing[0], Integer.toUnsignedLong(b.getInt(12)), timing[1], 0, 0});
        } else if (type == 6 || type == 3) { // enhanced, simple packet
            return packet(b, at, type, length);
        } else if (type == 5) { // interface statistics
            statistics(b, at, length);
        }
        return null;
    }

    /** Adds the drops the section's interfaces reported to the file's, and forgets its interfaces. */
    private void endSection() {
        for (long[] i : interfaces) {
            drops[0] += i[4];
            drops[1] += i[5];
        }
        interfaces.clear();
    }

    /**
     * {@return the packets the capture's interface statistics blocks say were dropped, as {@code {by the interface
     * (isb_ifdrop), by the operating system (isb_osdrop)}}: each interface's latest counts (they count from the start
     * of the capture), summed; zeros for a pcap file, or a pcapng file with no statistics} Complete once {@link
     * #next()} has returned null.
     */
    long[] drops() {
        long[] all = drops.clone();
        for (long[] i : interfaces) {
            all[0] += i[4];
            all[1] += i[5];
        }
        return all;
    }

    /** Reads an interface statistics block's isb_ifdrop (option 5) and isb_osdrop (option 7) into its interface. */
    private void statistics(ByteBuffer b, long at, int length) {
        int iface = b.getInt(8);
        long[] counts = {-1, -1};
        options(b, 5, at, 20, length - 4, (code, value, size) -> {
            if (code == 5 || code == 7) {
                if (size != 8) {
                    throw new PcapFormatException("pcapng interface statistics block at offset " + at + " has "
                            + option(5, code) + " of " + plural(size, "byte") + ", not 8 (a count of packets)"
                            + ": the file is damaged there");
                }
                counts[code == 5 ? 0 : 1] = b.getLong(value);
            }
        });
        if (iface < 0 || iface >= interfaces.size()) {
            throw new PcapFormatException("pcapng interface statistics block at offset " + at + " names interface "
                    + Integer.toUnsignedString(iface) + ", but " + declared(interfaces.size())
                    + " before it in its section: the file is damaged, or its interface blocks were cut out");
        }
        long[] info = interfaces.get(iface);
        for (int i = 0; i < 2; i++) {
            if (counts[i] >= 0) { // a count past 2^63 is no count a capture made: left out
                info[4 + i] = counts[i];
            }
        }
    }

    /** The bytes a block of {@code type} needs for its fixed fields, type, lengths and all. */
    private static int fixedLength(int type) {
        return switch (type) {
            case PCAPNG_SHB -> 28; // byte-order magic, version, section length
            case 1 -> 20; // link type, reserved, snapshot length
            case 6 -> 32; // interface, timestamp, captured and original lengths
            case 3 -> 16; // original length
            case 5 -> 24; // interface, timestamp
            default -> 12;
        };
    }

    private static String name(int type) {
        return switch (type) {
            case PCAPNG_SHB -> "section header";
            case 1 -> "interface description";
            case 6 -> "enhanced packet";
            case 3 -> "simple packet";
            case 5 -> "interface statistics";
            default -> "type " + Integer.toUnsignedString(type);
        };
    }

    private Frame packet(ByteBuffer b, long at, int type, int length) {
        int iface = type == 6 ? b.getInt(8) : 0;
        if (iface < 0 || iface >= interfaces.size()) {
            throw new PcapFormatException("pcapng " + name(type) + " block at offset " + at + " names interface "
                    + Integer.toUnsignedString(iface) + ", but " + declared(interfaces.size())
                    + " before it in its section: the file is damaged, or its interface blocks were cut out");
        }
        long[] info = interfaces.get(iface);
        source = ((long) sections << 32) | iface;
        long micros = 0;
        long captured;
        long original;
        int dataAt;
        if (type == 6) {
            long units = (Integer.toUnsignedLong(b.getInt(12)) << 32) | Integer.toUnsignedLong(b.getInt(16));
            micros = offset(micros(units, info[1], at), info[3], at);
            captured = Integer.toUnsignedLong(b.getInt(20));
            original = Integer.toUnsignedLong(b.getInt(24));
            dataAt = 28;
        } else {
            // A simple packet holds the packet's original length, and as much of it as the block has room for.
            original = Integer.toUnsignedLong(b.getInt(8));
            captured = Math.min(original, length - 16);
            dataAt = 12;
        }
        int room = length - 4 - dataAt;
        if (captured > room) {
            throw new PcapFormatException("pcapng " + name(type) + " block at offset " + at + " claims " + captured
                    + " captured bytes, but holds only " + room + ": the file is damaged");
        }
        byte[] data = new byte[(int) captured];
        b.get(dataAt, data);
        if (type == 6) { // the options after the padded packet; a writer that did not pad leaves no room for any
            options(b, type, at, dataAt + (((int) captured + 3) & ~3), length - 4, (code, value, size) -> {});
        }
        return new Frame(micros, (int) info[0], data, (int) Math.min(info[2], Integer.MAX_VALUE), original);
    }

    private static String declared(int interfaces) {
        return interfaces == 0
                ? "no interface description block came"
                : interfaces == 1
                        ? "only 1 interface description block (number 0) came"
                        : "only " + interfaces + " interface description blocks (numbers 0 to " + (interfaces - 1)
                                + ") came";
    }

    /**
     * Converts a timestamp of {@code units} (unsigned) at {@code perSecond} units a second to whole microseconds, as
     * the pcap reader does nanoseconds: exactly, rounded down, whatever the resolution.
     */
    static long micros(long units, long perSecond, long at) {
        long seconds = Long.divideUnsigned(units, perSecond);
        long rest = Long.remainderUnsigned(units, perSecond); // below perSecond, so below 2^62
        long fraction = perSecond <= Long.MAX_VALUE / 1_000_000
                ? rest * 1_000_000 / perSecond
                : BigInteger.valueOf(rest)
                        .multiply(BigInteger.valueOf(1_000_000))
                        .divide(BigInteger.valueOf(perSecond))
                        .longValueExact();
        try {
            if (seconds < 0) { // 2^63 seconds or more, read unsigned
                throw new ArithmeticException();
            }
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000), fraction);
        } catch (ArithmeticException e) {
            throw new PcapFormatException("pcapng packet block at offset " + at + " has a timestamp of "
                    + Long.toUnsignedString(seconds) + " seconds, past what weft can hold (about 292,000 years);"
                    + " is the interface's if_tsresol right?");
        }
    }

    /**
     * Adds an interface's {@code if_tsoffset} of {@code seconds} to a timestamp of {@code micros}, exactly; refuses a
     * sum weft cannot hold, naming the packet block at {@code at}.
     */
    static long offset(long micros, long seconds, long at) {
        try {
            return Math.addExact(micros, Math.multiplyExact(seconds, 1_000_000));
        } catch (ArithmeticException e) {
            throw new PcapFormatException("pcapng packet block at offset " + at + " has a timestamp of " + micros
                    + " microseconds, and its interface's if_tsoffset adds " + seconds
                    + " seconds: the sum is past what weft"
                    + " can hold (about 292,000 years either side of 1970); is the interface's if_tsoffset right?");
        }
    }

    /**
     * Reads an interface description's options from {@code at} to {@code end}: if_tsresol (option 9) as units a second,
     * 10^6 by default, and if_tsoffset (option 14, signed seconds), 0 by default. {@code block} is the description's
     * offset, for errors.
     */
    private static long[] timing(ByteBuffer b, long block, int at, int end) {
        long[] timing = {1_000_000, 0};
        options(b, 1, block, at, end, (code, value, length) -> {
            if (code == 14) {
                if (length != 8) {
                    throw new PcapFormatException("pcapng interface description block at offset " + block + " has an"
                            + " if_tsoffset option of " + plural(length, "byte") + ", not 8 (a signed count of seconds)"
                            + ": the file is damaged there");
                }
                timing[1] = b.getLong(value);
            } else if (code == 9 && length >= 1) {
                timing[0] = resolution(b.get(value) & 0xFF);
            }
        });
        return timing;
    }

    /** Takes one option of a block: its code, where its value starts in the block, and its length. */
    private interface Option {
        void take(int code, int value, int length);
    }

    /**
     * Walks the options of the block of {@code type} at offset {@code block}, from {@code at} to {@code end} (its
     * trailing length), up to opt_endofopt or the end, handing each to {@code option}; refuses an option whose length
     * runs past the block, whichever option it is: its length is the file's, not the writer's.
     */
    private static void options(ByteBuffer b, int type, long block, int at, int end, Option option) {
        while (at + 4 <= end) {
            int code = Short.toUnsignedInt(b.getShort(at));
            int length = Short.toUnsignedInt(b.getShort(at + 2));
            if (code == 0) {
                return;
            }
            if (at + 4 + length > end) {
                throw new PcapFormatException("pcapng " + name(type) + " block at offset " + block + " has "
                        + option(type, code) + " at offset " + (block + at) + " of " + plural(length, "byte")
                        + ", but only " + plural(end - at - 4, "byte") + " of the block "
                        + (end - at - 4 == 1 ? "is" : "are") + " left for it: the file is damaged there");
            }
            option.take(code, at + 4, length);
            at += 4 + ((length + 3) & ~3);
        }
    }

    /** Names an option of a block of {@code type} for errors: "an if_tsresol option", "an option of code 2". */
    private static String option(int type, int code) {
        String name = code == 1
                ? "opt_comment"
                : switch (type) {
                    case PCAPNG_SHB ->
                        code == 2 ? "shb_hardware" : code == 3 ? "shb_os" : code == 4 ? "shb_userappl" : null;
                    case 1 -> code == 9 ? "if_tsresol" : code == 14 ? "if_tsoffset" : null;
                    case 6 ->
                        code >= 2 && code <= 7
                                ? new String[] {
                                            "epb_flags",
                                            "epb_hash",
                                            "epb_dropcount",
                                            "epb_packetid",
                                            "epb_queue",
                                            "epb_verdict"
                                        }
                                        [code - 2]
                                : null;
                    case 5 ->
                        code >= 2 && code <= 8
                                ? new String[] {
                                            "isb_starttime",
                                            "isb_endtime",
                                            "isb_ifrecv",
                                            "isb_ifdrop",
                                            "isb_filteraccept",
                                            "isb_osdrop",
                                            "isb_usrdeliv"
                                        }
                                        [code - 2]
                                : null;
                    default -> null;
                };
        return name == null ? "an option of code " + code : "an " + name + " option";
    }

    /** Reads an if_tsresol value as units a second. */
    private static long resolution(int v) {
        int exponent = v & 0x7F;
        boolean binary = (v & 0x80) != 0;
        if (exponent > (binary ? 62 : 18)) {
            throw new PcapFormatException("if_tsresol " + v + " (units of " + (binary ? "2" : "10") + "^-" + exponent
                    + " s) is finer than weft reads (10^-18 or 2^-62 s); is the file damaged?");
        }
        long perSecond = 1;
        for (int i = 0; i < exponent; i++) {
            perSecond *= binary ? 2 : 10;
        }
        return perSecond;
    }

    /**
     * Notes that the file ends {@code got} bytes into the {@code what} at {@link #at}, of {@code whole} bytes, and
     * returns null: the end of the frames. Only the end of the stream makes a read short, so this is the last record.
     */
    private @Nullable Frame cutShort(String what, int got, String whole) {
        cut = "the file was cut short inside its last " + what + ", at offset " + at + ": it ends "
                + plural(got, "byte") + " into " + whole + ", so that " + (what.contains("block") ? "block" : "record")
                + " is left out; the " + plural(count, "frame") + " before it " + (count == 1 ? "was" : "were")
                + " read (was tcpdump killed before it flushed?)";
        return null;
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
