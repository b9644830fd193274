package dev.weft.internet.testing.pcap;

/**
 * Reports a packet capture that is not a pcap or pcapng file, is truncated, or uses a link type or version this reader
 * does not know. The message names the problem and, where known, the offset.
 */
public class PcapFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, for example {@code "truncated packet record at offset 4120"}
     */
    public PcapFormatException(String message) {
        super(message);
    }
}
