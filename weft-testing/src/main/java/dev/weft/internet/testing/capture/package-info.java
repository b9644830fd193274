/**
 * Captures and their replay: the versioned file that {@code weft tap} records and {@code weft
 * import} writes (every byte of every connection, both directions, with times, half-closes and
 * close reasons; see {@code weft-cli/CAPTURE-FORMAT.md} in the weft repository), and an in-memory
 * replayer that drives a protocol with one recorded side and compares what it writes with the
 * other.
 *
 * <p>Start at {@link dev.weft.internet.testing.capture.Capture} to read a whole file and at {@link
 * dev.weft.internet.testing.capture.CaptureReplay} to replay a connection; {@link
 * dev.weft.internet.testing.capture.CaptureReader} and {@link
 * dev.weft.internet.testing.capture.CaptureWriter} stream records, which are the implementations of
 * {@link dev.weft.internet.testing.capture.CaptureRecord}. Readers, writers and replays are confined
 * to the thread that uses them; captures, records and results are immutable values.
 */
@NullMarked
package dev.weft.internet.testing.capture;

import org.jspecify.annotations.NullMarked;
