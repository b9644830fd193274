/**
 * The capture file that {@code weft tap} records and {@code weft dump} reads: every byte of every
 * proxied connection, both directions, with times, half-closes and close reasons, in a versioned
 * binary format that a replayer can read back (see {@code weft-cli/CAPTURE-FORMAT.md} in the weft repository).
 *
 * <p>Start at {@link dev.weft.internet.testing.capture.CaptureReader} to read a capture and at {@link
 * dev.weft.internet.testing.capture.CaptureWriter} to write one; the records are the implementations of {@link
 * dev.weft.internet.testing.capture.CaptureRecord}. Readers and writers are confined to the thread that uses them;
 * the records are immutable values.
 */
@NullMarked
package dev.weft.internet.testing.capture;

import org.jspecify.annotations.NullMarked;
