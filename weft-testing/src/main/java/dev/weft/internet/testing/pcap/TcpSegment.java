package dev.weft.internet.testing.pcap;

/**
 * Is one TCP segment taken from a frame: its endpoints (as {@code 10.0.0.1:80} or {@code [::1]:80}),
 * sequence number, flags and payload.
 *
 * @param micros capture time, microseconds since the Unix epoch
 * @param source the sender's address and port
 * @param destination the receiver's address and port
 * @param host the sender's address alone
 * @param peerHost the receiver's address alone
 * @param sourcePort the sender's port
 * @param destinationPort the receiver's port
 * @param seq the sequence number, unsigned 32-bit
 * @param flags the TCP flags byte (FIN 1, SYN 2, RST 4, ACK 16)
 * @param payload the segment's data
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
        int flags,
        byte[] payload) {
    static final int FIN = 1;
    static final int SYN = 2;
    static final int RST = 4;
    static final int ACK = 16;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
