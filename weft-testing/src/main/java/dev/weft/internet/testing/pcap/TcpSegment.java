package dev.weft.internet.testing.pcap;

/**
 * One TCP segment from a frame; {@code flags} is the TCP flags byte (FIN 1, SYN 2, RST 4, ACK 16), {@code ack} the
 * acknowledgment number (meaningful only with ACK). A frame cut in its payload gives the captured beginning of the
 * payload, {@code missing} the count of its bytes after that, and {@code snapLength} the snapshot length that cut it
 * (-1 when the frame is shorter than that: cut short some other way).
 */
record TcpSegment(
        long micros,
        String source,
        String destination,
        String host,
        String peerHost,
        int sourcePort,
        int destinationPort,
        long seq,
        long ack,
        int flags,
        byte[] payload,
        int missing,
        int snapLength) {
    static final int FIN = 1;
    static final int SYN = 2;
    static final int RST = 4;
    static final int ACK = 16;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
