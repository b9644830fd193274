package dev.weft.internet.testing.capture;

/**
 * Is one record of a capture file: the connection it belongs to (numbered from 1) and its time in microseconds since
 * the capture started (the tap's clock never goes backwards; a writer does not check it). Records are values; the
 * arrays of {@link DataRecord} and {@link UnknownRecord} are shared, not copied, so neither side may change them.
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

    /** {@return the type code: a constant of this interface, or another for an {@link UnknownRecord}} */
    int type();

    /** {@return the connection's id, 1 or more} */
    int connection();

    /** {@return microseconds since the capture started, never negative} */
    long micros();
}
