/**
 * Captures and their replay: the file {@code weft tap} records and {@code weft import} writes (see {@code
 * weft-cli/CAPTURE-FORMAT.md}), an in-memory replayer that drives a protocol with one recorded side and compares
 * what it writes with the other, and {@link dev.weft.internet.testing.capture.LiveReplay}, which plays one recorded
 * side to a live peer over a real connection. Start at {@link dev.weft.internet.testing.capture.Capture} and {@link
 * dev.weft.internet.testing.capture.CaptureReplay}. Readers, writers and replays are confined to one thread; captures,
 * records and results are immutable values, but for the byte arrays records share (never change them).
 */
@NullMarked
package dev.weft.internet.testing.capture;

import org.jspecify.annotations.NullMarked;
