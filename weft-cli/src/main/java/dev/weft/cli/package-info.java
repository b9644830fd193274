/**
 * The {@code weft} command: {@code sink}, {@code send}, {@code tap} and {@code dump}, each a thin
 * layer over weft's reactor, its endpoints and {@code AccumulatingProtocol}.
 *
 * <p>Start at {@link dev.weft.cli.WeftCli}: {@link dev.weft.cli.WeftCli#main(String[])} is the
 * program, and {@link dev.weft.cli.WeftCli#run(String[], java.io.InputStream, java.io.PrintStream,
 * java.io.PrintStream)} runs one command in-process with injected streams and returns its exit code
 * (0 success, 1 runtime failure, 2 bad usage). The capture file that {@code tap} writes and {@code
 * dump} reads is in {@link dev.weft.internet.testing.capture}. The one place that knows the concrete reactor is
 * {@code ReactorSession}.
 */
@NullMarked
package dev.weft.cli;

import org.jspecify.annotations.NullMarked;
