package dev.weft.internet.testing.pcap;

/**
 * Is one captured link-layer frame: when it was captured, its link type, its captured bytes, and how long it was on the
 * wire (more than its bytes only when the snapshot length cut it).
 *
 * @param micros capture time, microseconds since the Unix epoch
 * @param linkType the LINKTYPE_ value of the interface it was captured on
 * @param data the captured bytes (possibly cut at the snapshot length)
 * @param snapLength the snapshot length of the file or interface (0: none given)
 * @param originalLength the frame's length on the wire, as the file gives it; never below {@code data.length}
 */
record Frame(long micros, int linkType, byte[] data, int snapLength, long originalLength) {
    Frame {
        originalLength = Math.max(originalLength, data.length); // a writer's smaller claim is no cut
    }

    /** {@return whether the frame was cut: the file holds fewer of its bytes than were on the wire} */
    boolean cut() {
        return originalLength > data.length;
    }
}
