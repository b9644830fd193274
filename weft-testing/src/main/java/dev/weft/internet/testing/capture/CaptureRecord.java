package dev.weft.internet.testing.capture;

/**
 * Is one record of a capture file. Every record names the connection it belongs to (numbered from 1
 * in the order the tap accepted them) and the time it was taken, in microseconds since the capture
 * started, read from a monotonic clock, so times never go backwards along the file.
 *
 * <p>Records are immutable values; the file holds them in the order the tap saw the events.
 */
public sealed interface CaptureRecord
        permits OpenRecord, ConnectedRecord, DataRecord, HalfCloseRecord, CloseRecord, FaultRecord, UnknownRecord {
    /** The type code of {@link OpenRecord}. */
    int OPEN = 1;
    /** The type code of {@link ConnectedRecord}. */
    int CONNECTED = 2;
    /** The type code of {@link DataRecord}. */
    int DATA = 3;
    /** The type code of {@link HalfCloseRecord}. */
    int HALF_CLOSE = 4;
    /** The type code of {@link CloseRecord}. */
    int CLOSE = 5;
    /** The type code of {@link FaultRecord}. */
    int FAULT = 6;

    /**
     * Returns the record's type code, as stored in the file.
     *
     * @return one of the constants of this interface, or another value for an {@link UnknownRecord}
     */
    int type();

    /**
     * Returns the connection the record belongs to.
     *
     * @return the connection's id, 1 or more
     */
    int connection();

    /**
     * Returns when the event happened.
     *
     * @return microseconds since the capture started, never negative
     */
    long micros();
}
