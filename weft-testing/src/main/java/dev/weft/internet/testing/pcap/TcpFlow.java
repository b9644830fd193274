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
import java.util.function.Consumer;

/**
 * Is one TCP connection found in a packet capture, turned into capture records as its segments arrive: open at its
 * first segment, connected at the SYN-ACK (or at once for a connection captured mid-stream), data as each direction's
 * bytes come into order, half-close at each FIN, and closes after both FINs or a RST. Confined to the importing thread.
 */
final class TcpFlow {
    final String client;
    final String server;
    final long firstMicros;
    private final Consumer<CaptureRecord> records; // in the order made, which is time order
    private final List<String> problems = new ArrayList<>();
    private final TcpStream fromClient = new TcpStream();
    private final TcpStream fromServer = new TcpStream();
    private int id;
    private boolean connected;
    private boolean clientFin;
    private boolean serverFin;
    private boolean ended;
    private long isn = -1;
    private long start;

    TcpFlow(String client, String server, long firstMicros, Consumer<CaptureRecord> records) {
        this.records = records;
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
            problems.add("connection #" + id + " " + client + " -> " + server + ": its start (the SYN) was not"
                    + " captured, so what either side sent before the capture began is missing; the streams start"
                    + " mid-connection");
        }
    }

    boolean ended() {
        return ended;
    }

    /** {@return the bytes both directions hold: out of order, and delivered but kept to compare retransmissions} */
    long held() {
        return fromClient.held() + fromServer.held();
    }

    /** Tells whether a SYN from the client with this sequence number starts a different connection. */
    boolean isNewSyn(TcpSegment s) {
        return s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK) && isn >= 0 && s.seq() != isn;
    }

    void add(TcpSegment s) {
        if (ended) {
            return; // after a RST or both FINs: stray retransmissions
        }
        Side from = s.source().equals(client) ? Side.CLIENT : Side.SERVER;
        TcpStream stream = from == Side.CLIENT ? fromClient : fromServer;
        if (s.has(TcpSegment.ACK)) {
            (from == Side.CLIENT ? fromServer : fromClient).acknowledged(s.ack());
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
        boolean fin = stream.add(
                s.seq(),
                s.payload(),
                s.missing(),
                s.snapLength(),
                s.has(TcpSegment.FIN),
                syn,
                (offset, bytes) -> data(from, s.micros(), bytes));
        if (fin) {
            finished(from, s.micros());
        }
    }

    /**
     * Skips the holes that the end of the capture left, naming each, and reports FINs never reached, bytes cut from
     * their frames, bytes the peer acknowledged that were never captured, and retransmissions that differ from the
     * first copy.
     */
    void finish(long lastMicros) {
        for (Side side : Side.values()) {
            TcpStream stream = side == Side.CLIENT ? fromClient : fromServer;
            while (!ended && stream.hasHole()) {
                if (stream.skipHole(
                        (offset, length) -> gap(side, offset, length), (o, bytes) -> data(side, lastMicros, bytes))) {
                    finished(side, lastMicros);
                }
            }
            long missing = stream.missingBeforeFin();
            if (missing > 0) {
                problems.add("connection #" + id + " " + side.arrow() + ": " + bytes(missing) + " before the FIN at"
                        + " offset " + stream.next() + (missing == 1 ? " was" : " were") + " not captured");
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
                                : bytes(tail[1]) + " at offset " + tail[0] + (tail[2] == 1 ? " and the FIN" : "")
                                        + " acknowledged by the " + name(side.other())
                                        + (tail[1] == 1 && tail[2] == 0 ? " was" : " were"))
                        + " not captured (was the capture filtered to one direction, or did tcpdump drop packets?)");
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
    }

    private void connect(long micros) {
        if (!connected) {
            connected = true;
            records.accept(new ConnectedRecord(id, time(micros), client, server));
        }
    }

    private void data(Side from, long micros, byte[] bytes) {
        records.accept(new DataRecord(id, time(micros), from, bytes));
    }

    private void gap(Side side, long offset, long length) {
        problems.add("connection #" + id + " " + side.arrow() + ": " + bytes(length) + " missing at offset " + offset
                + " (segments not captured); the bytes after the gap were kept, so the stream lacks "
                + (length == 1 ? "it" : "them"));
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

    private void finished(Side from, long micros) {
        records.accept(new HalfCloseRecord(id, time(micros), from));
        if (from == Side.CLIENT) {
            clientFin = true;
        } else {
            serverFin = true;
        }
        if (clientFin && serverFin) {
            records.accept(new CloseRecord(id, time(micros), Side.CLIENT, false, CloseKind.CLEAN, "FIN both ways"));
            records.accept(new CloseRecord(id, time(micros), Side.SERVER, false, CloseKind.CLEAN, "FIN both ways"));
            end();
        }
    }

    private void reset(Side from, long micros) {
        for (Side side : Side.values()) {
            TcpStream stream = side == Side.CLIENT ? fromClient : fromServer;
            while (stream.hasHole()) {
                stream.skipHole((offset, length) -> gap(side, offset, length), (o, bytes) -> data(side, micros, bytes));
            }
        }
        long t = time(micros);
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

    private static String name(Side side) {
        return side == Side.CLIENT ? "client" : "server";
    }

    private static String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
