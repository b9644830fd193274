package dev.weft.internet.testing.pcap;

/**
 * Is one captured link-layer frame: when it was captured, its link type, and its captured bytes.
 *
 * @param micros capture time, microseconds since the Unix epoch
 * @param linkType the LINKTYPE_ value of the interface it was captured on
 * @param data the captured bytes (possibly cut at the snapshot length)
 * @param snapLength the snapshot length of the file or interface (0: none given)
 */
record Frame(long micros, int linkType, byte[] data, int snapLength) {}
