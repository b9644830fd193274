package dev.weft.internet.testing.pcap;

import dev.weft.internet.Addresses;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Is one TCP connection found in a packet capture, turned into capture records as its segments arrive: open at its
 * first segment, connected at the SYN-ACK (or at once for a connection captured mid-stream), data as each direction's
 * bytes come into order, half-close at each FIN, and closes after both FINs or a RST. A hole in a direction is waited
 * for until the peer acknowledges past it (or too much waits behind it): then it is reported and skipped, and the bytes
 * after it go out at their own frames' times, so replies stay after the requests they answer. Confined to the
 * importing thread.
 */
final class TcpFlow {
    final String client;
    final String server;
    final long firstMicros;
    private final Consumer<CaptureRecord> records; // in the order made, which is time order
    private final LongSupplier floor; // the time of the latest record handed on, over every flow: none may be earlier
    private final List<String> problems = new ArrayList<>();
    // Made at the first hole: most connections have none, and an import holds every open connection's.
    private List<String> holes = List.of(); // every hole skipped, one line each
    private long @Nullable [][] gaps; // per direction: holes, bytes, the first one's offset and length
    private @Nullable String @Nullable [] beforeFin; // per direction: the bytes missing before the FIN
    private boolean clientAfterFinReported; // bytes after the client's FIN were reported
    private boolean serverAfterFinReported;
    private final TcpStream fromClient = new TcpStream();
    private final TcpStream fromServer = new TcpStream();
    private int id;
    private boolean connected;
    private boolean clientFin;
    private boolean serverFin;
    private boolean ended;
    private long isn = -1;
    private long start;
    private long lastMicros; // the time of its last segment
    /**
     * The side whose FIN was taken from the peer's acknowledgment and may yet prove a lost byte, while it may: its
     * half-close and the records after it wait in {@link #held} until that side sends past it or the connection ends.
     */
    private @Nullable Side tentative;

    private List<Held> held = List.of(); // made when a FIN is inferred
    private long heldCost; // bytes of data held, and a little per record

    /** A record waiting, made with its time once it goes out. */
    private record Held(long micros, LongFunction<CaptureRecord> record) {}

    TcpFlow(String client, String server, long firstMicros, Consumer<CaptureRecord> records, LongSupplier floor) {
        this.records = records;
        this.floor = floor;
        this.lastMicros = firstMicros;
        this.client = client;
        this.server = server;
        this.firstMicros = firstMicros;
    }

    /** Numbers the flow and fixes the time its record times count from; call before {@link #add}. */
    void begin(int id, long captureStartMicros, boolean midStream) {
        this.id = id;
        this.start = captureStartMicros;
        int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        // The client string that reaches the server, as weft writes it everywhere: tcp:host=[::1]:port=N for IPv6.
        String target = Addresses.clientEndpoint(Addresses.tcp(host(server), port));
        records.accept(new OpenRecord(id, time(firstMicros), client, server, target));
        if (midStream) {
            connect(firstMicros);
            problems.add("connection #" + id + " " + client + " -> " + server + ": "
                    + (firstMicros > captureStartMicros
                            ? "its SYN was not captured (dropped?, or it began before the capture, which began "
                                    + seconds(firstMicros - captureStartMicros) + " before its first packet), so"
                                    + " what either side sent before its first packet captured is missing"
                            : "its start (the SYN) was not captured, so what either side sent before the capture"
                                    + " began is missing")
                    + "; the streams start mid-connection");
        }
    }

    boolean ended() {
        return ended;
    }

    /**
     * {@return the bytes both directions hold: out of order, delivered but kept to compare retransmissions, and waiting
     * to be written behind a FIN that may prove a lost byte}
     */
    long held() {
        return fromClient.held() + fromServer.held() + heldCost;
    }

    /** Tells whether a SYN from the client with this sequence number starts a different connection. */
    boolean isNewSyn(TcpSegment s) {
        return s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK) && isn >= 0 && s.seq() != isn;
    }

    void add(TcpSegment s) {
        if (ended) {
            return; // after a RST or both FINs: stray retransmissions
        }
        lastMicros = Math.max(lastMicros, s.micros());
        Side from = s.source().equals(client) ? Side.CLIENT : Side.SERVER;
        TcpStream stream = from == Side.CLIENT ? fromClient : fromServer;
        if (s.has(TcpSegment.ACK)) {
            TcpStream acked = from == Side.CLIENT ? fromServer : fromClient;
            if (acked.acknowledged(s.ack(), s.micros(), output(from.other()))) {
                finished(from.other(), acked.finMicros(), acked.finInferred());
                if (ended) {
                    return;
                }
            }
        }
        boolean syn = s.has(TcpSegment.SYN);
        if (syn) {
            if (from == Side.CLIENT && isn < 0) {
                isn = s.seq();
            }
            if (!stream.started()) {
                stream.syn(s.seq());
            }
            if (from == Side.SERVER && !connected) {
                connect(s.micros());
            }
        }
        if (s.has(TcpSegment.RST)) {
            reset(from, s.micros());
            return;
        }
        if (!connected && (s.payload().length > 0 || s.missing() > 0 || from == Side.SERVER)) {
            connect(s.micros());
        }
        if (tentative == from
                && stream.retractInferredFin(
                        s.seq(), (long) s.payload().length + s.missing(), s.has(TcpSegment.FIN), syn)) {
            retract();
        }
        boolean fin = stream.add(
                s.seq(),
                s.payload(),
                s.missing(),
                s.snapLength(),
                s.has(TcpSegment.FIN),
                syn,
                s.micros(),
                output(from));
        if (fin) {
            finished(from, stream.finMicros(), false);
        }
    }

    /** Writes what one direction's stream puts in order, and reports the holes it skips. */
    private TcpStream.Output output(Side side) {
        return new TcpStream.Output() {
            @Override
            public void data(long offset, byte[] bytes, long micros) {
                if (side == Side.CLIENT ? clientFin : serverFin) {
                    afterFin(side, offset, bytes.length);
                    return;
                }
                TcpFlow.this.data(side, micros, bytes);
            }

            @Override
            public void gap(long offset, long length, boolean beforeFin) {
                TcpFlow.this.gap(side, offset, length, beforeFin);
            }
        };
    }

    /**
     * Skips the holes that the end of the capture left, naming each (the bytes after them and a FIN go out at their own
     * frames' times, the half-close too), and reports bytes cut from their frames, bytes the peer acknowledged that
     * were never captured, retransmissions that differ from the first copy, and a connection whose end was not
     * captured while the capture ran on after its last segment ({@code captureEndMicros}: the last TCP segment's), and
     * how long.
     */
    void finish(long captureEndMicros) {
        confirm(); // the side whose FIN was inferred sent nothing more: the FIN stands
        for (Side side : Side.values()) {
            TcpStream stream = side == Side.CLIENT ? fromClient : fromServer;
            while (!ended && stream.hasHole()) {
                if (stream.skipHole(output(side))) {
                    finished(side, stream.finMicros(), false);
                }
            }
            long[][] all = gaps;
            long[] g = all == null ? new long[4] : all[side.ordinal()];
            if (g[0] == 1) {
                problems.add("connection #" + id + " " + side.arrow() + ": " + bytes(g[3]) + " missing at offset "
                        + g[2] + " (segments not captured); the bytes after the gap were kept, so the stream lacks "
                        + (g[3] == 1 ? "it" : "them"));
            } else if (g[0] > 1) {
                problems.add("connection #" + id + " " + side.arrow() + ": " + bytes(g[1]) + " missing in " + g[0]
                        + " gaps (the first " + bytes(g[3]) + " at offset " + g[2] + "; segments not captured); the"
                        + " bytes after each gap were kept, so the stream lacks them; PcapImport.holes() lists each");
            }
            long late = stream.lateGapBytes();
            if (late > 0) {
                problems.add("connection #" + id + " " + side.arrow() + ": " + bytes(late) + " of the gaps came after"
                        + " the stream had passed them (retransmitted, or captured out of order), too late to keep in"
                        + " order; " + (late == 1 ? "it was" : "they were") + " dropped");
            }
            String[] before = beforeFin;
            String missingBeforeFin = before == null ? null : before[side.ordinal()];
            if (missingBeforeFin != null) {
                problems.add(missingBeforeFin);
            }
            if (stream.finInferred()) {
                problems.add("connection #" + id + " " + side.arrow() + ": the FIN acknowledged by the "
                        + name(side.other()) + " was" + WHY + "; its half-close is written where the "
                        + name(side.other()) + " acknowledged it");
            }
            long[] cut = stream.cut();
            if (cut != null) {
                problems.add(cut(side, cut));
            }
            long[] tail = stream.unacknowledgedTail();
            if (tail != null) {
                problems.add("connection #" + id + " " + side.arrow() + ": "
                        + (tail[1] == 0
                                ? "the FIN acknowledged by the " + name(side.other()) + " was"
                                : bytes(tail[1]) + " at offset " + tail[0]
                                        + (tail[2] == 1 ? " and the FIN" : orTheFin(stream, tail[1]))
                                        + " acknowledged by the " + name(side.other())
                                        + (tail[1] == 1 && tail[2] == 0 ? " was" : " were"))
                        + WHY);
            }
            long[] conflicts = stream.conflicts();
            if (conflicts != null) {
                String first = conflicts[2] + " of " + bytes(conflicts[3]) + ", from offset " + conflicts[1];
                problems.add("connection #" + id + " " + side.arrow() + ": "
                        + (conflicts[0] == 1
                                ? "a retransmission differs from the copy captured first in " + first
                                        + "; the copy captured first was kept"
                                : conflicts[0] + " retransmissions differ from the copies captured first (the first"
                                        + " in " + first + "); the copies captured first were kept"));
            }
        }
        boolean clientEnded = clientFin || fromClient.finAcknowledged();
        boolean serverEnded = serverFin || fromServer.finAcknowledged();
        if (!ended && !(clientEnded && serverEnded) && captureEndMicros > lastMicros) {
            // one whose last packet ends the capture was open when it stopped: nothing was lost
            problems.add("connection #" + id + " " + client + " -> " + server + ": its end was not captured ("
                    + (clientEnded || serverEnded
                            ? "the " + name(clientEnded ? Side.SERVER : Side.CLIENT) + "'s FIN is missing, and no RST"
                            : "no FIN or RST from either side")
                    + "); the capture ran on " + seconds(captureEndMicros - lastMicros) + " past its last packet"
                    + " (still open when the capture stopped, or its last packets were not captured)");
        }
    }

    /**
     * Names the other reading of a lost tail when no FIN of its direction was captured: the peer's last
     * acknowledgment covers a FIN as it covers a byte, so N bytes may be N-1 and the FIN.
     */
    private static String orTheFin(TcpStream stream, long n) {
        if (stream.finSeen()) {
            return "";
        }
        return n == 1 ? ", or the FIN," : ", or " + (n - 1) + (n == 2 ? " byte" : " bytes") + " and the FIN,";
    }

    private static final String WHY =
            " not captured (was the capture filtered to one direction, or did tcpdump drop packets?)";

    /** Writes a duration in seconds to the millisecond: {@code 0.250 s}. */
    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
    }

    private void connect(long micros) {
        if (!connected) {
            connected = true;
            emit(micros, t -> new ConnectedRecord(id, t, client, server), 0);
        }
    }

    private void data(Side from, long micros, byte[] bytes) {
        emit(micros, t -> new DataRecord(id, t, from, bytes), bytes.length);
    }

    /**
     * Writes a record made with its time, or holds it while a FIN taken from the peer's acknowledgment may prove a lost
     * byte: more than {@link TcpStream#HISTORY} bytes held let the FIN stand.
     */
    private void emit(long micros, LongFunction<CaptureRecord> record, long bytes) {
        if (tentative == null) {
            records.accept(record.apply(at(micros)));
            return;
        }
        if (held.isEmpty()) {
            held = new ArrayList<>();
        }
        held.add(new Held(micros, record));
        heldCost += bytes + 64;
        if (heldCost > TcpStream.HISTORY) {
            confirm();
        }
    }

    /** Lets an inferred FIN stand: its half-close and the records held after it go out, in order. */
    private void confirm() {
        tentative = null;
        heldCost = 0;
        List<Held> waiting = held;
        held = List.of();
        for (Held h : waiting) {
            records.accept(h.record().apply(at(h.micros())));
        }
    }

    /**
     * Takes back the inferred FIN of {@link #tentative}, whose side sent past it (it was a lost byte): its half-close,
     * the first record held, is dropped, and the records held after it go out.
     */
    private void retract() {
        if (tentative == Side.CLIENT) {
            clientFin = false;
        } else {
            serverFin = false;
        }
        held.remove(0);
        confirm();
    }

    /**
     * Reports bytes that came into order after their side's FIN (a damaged capture: a SYN or a segment with a flipped FIN
     * flag), once per direction: a side sends nothing after its FIN, and a capture cannot hold them behind its
     * half-close.
     */
    private void afterFin(Side side, long offset, int length) {
        if (side == Side.CLIENT ? clientAfterFinReported : serverAfterFinReported) {
            return;
        }
        if (side == Side.CLIENT) {
            clientAfterFinReported = true;
        } else {
            serverAfterFinReported = true;
        }
        problems.add("connection #" + id + " " + side.arrow() + ": " + bytes(length) + " at offset " + offset
                + " came after the " + name(side) + "'s FIN and " + (length == 1 ? "was" : "were") + " left out, as"
                + " are any after " + (length == 1 ? "it" : "them") + ": a side sends nothing after its FIN, so the"
                + " capture is damaged there (a FIN flag where none was sent?)");
    }

    /** Counts a hole skipped, to report once per direction, and lists it. */
    private void gap(Side side, long offset, long length, boolean beforeTheFin) {
        String where = "connection #" + id + " " + side.arrow() + ": " + bytes(length);
        if (holes.isEmpty()) {
            holes = new ArrayList<>();
        }
        if (holes.size() < MAX_HOLES) {
            holes.add(where + " missing at offset " + offset + (beforeTheFin ? ", before the FIN" : ""));
        }
        if (beforeTheFin) {
            String[] before = beforeFin;
            if (before == null) {
                before = new String[2];
                beforeFin = before;
            }
            before[side.ordinal()] =
                    where + " before the FIN at offset " + offset + (length == 1 ? " was" : " were") + " not captured";
            return;
        }
        long[][] all = gaps;
        if (all == null) {
            all = new long[2][4];
            gaps = all;
        }
        long[] g = all[side.ordinal()];
        if (g[0]++ == 0) {
            g[2] = offset;
            g[3] = length;
        }
        g[1] += length;
    }

    /** The holes a connection lists at most: a capture may have many. */
    static final int MAX_HOLES = 10_000;

    /** {@return every hole skipped (the first {@value #MAX_HOLES}), one line each, in the order skipped} */
    List<String> holes() {
        return holes;
    }

    /**
     * Names the bytes of one direction cut from their frames ({@link TcpStream#cut()}): the captured beginning of each
     * frame's payload was kept, the rest is a hole, as a segment not captured is.
     */
    private String cut(Side side, long[] cut) {
        String snap = " at the snapshot length" + (cut[4] > 0 ? " " + cut[4] : "");
        boolean one = cut[1] == 1;
        return "connection #" + id + " " + side.arrow() + ": "
                + (one
                        ? bytes(cut[0]) + " at offset " + cut[2] + (cut[0] == 1 ? " was" : " were")
                                + " not captured: the frame was cut" + snap + "; its captured part and the bytes after"
                                + " it were kept, so the stream lacks " + (cut[0] == 1 ? "it" : "them")
                        : bytes(cut[0]) + " in " + cut[1] + " holes (the first " + bytes(cut[3]) + " at offset "
                                + cut[2] + ") were not captured: their frames were cut" + snap + "; the captured part"
                                + " of each and the bytes after each hole were kept, so the stream lacks them")
                + (cut[5] == 0
                        ? ""
                        : "; later copies (retransmissions) carried " + bytes(cut[5]) + " of the holes after the"
                                + " stream had passed them, too late to keep in order")
                + "; capture again with tcpdump -s 0";
    }

    /** Writes a count of bytes: {@code 1 byte}, {@code 4 bytes}. */
    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /**
     * Writes the half-close of {@code from} at {@code micros}, and the closes once both sides have ended. A FIN {@code
     * inferred} from the peer's acknowledgment may be a lost byte, told only by what that side sends next: its
     * half-close and the records after it are held until it sends past it (then the half-close goes), or the
     * connection ends.
     */
    private void finished(Side from, long micros, boolean inferred) {
        if (inferred && tentative == null) {
            tentative = from;
        }
        emit(micros, t -> new HalfCloseRecord(id, t, from), 0);
        if (from == Side.CLIENT) {
            clientFin = true;
        } else {
            serverFin = true;
        }
        if (clientFin && serverFin) {
            confirm(); // both sides ended: a FIN inferred stands
            long t = at(micros);
            records.accept(new CloseRecord(id, t, Side.CLIENT, false, CloseKind.CLEAN, "FIN both ways"));
            records.accept(new CloseRecord(id, t, Side.SERVER, false, CloseKind.CLEAN, "FIN both ways"));
            end();
        }
    }

    private void reset(Side from, long micros) {
        confirm(); // a RST ends the connection: a FIN inferred stands
        for (Side side : Side.values()) {
            TcpStream stream = side == Side.CLIENT ? fromClient : fromServer;
            while (stream.hasHole()) {
                stream.skipHole(output(side)); // a FIN behind a hole is not written: the RST ends the connection
            }
        }
        long t = at(micros);
        if (!connected && from == Side.SERVER) {
            records.accept(new CloseRecord(
                    id, t, Side.SERVER, false, CloseKind.CONNECT_FAILED, "RST in answer to SYN: connection refused"));
            records.accept(
                    new CloseRecord(id, t, Side.CLIENT, true, CloseKind.ABORTED, "the server refused the connection"));
        } else {
            records.accept(new CloseRecord(id, t, from, false, CloseKind.RESET, "RST from the " + name(from)));
            records.accept(new CloseRecord(id, t, from.other(), true, CloseKind.RESET, "RST from the " + name(from)));
        }
        end();
    }

    /** Marks the connection ended: later segments are stray retransmissions, not compared. */
    private void end() {
        ended = true;
        fromClient.release();
        fromServer.release();
    }

    List<String> problems() {
        return problems;
    }

    private long time(long micros) {
        return Math.max(0, micros - start);
    }

    /** {@return the record time for a frame's time: not before a record already handed on} */
    private long at(long micros) {
        return Math.max(time(micros), floor.getAsLong());
    }

    private static String name(Side side) {
        return side == Side.CLIENT ? "client" : "server";
    }

    private static String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
