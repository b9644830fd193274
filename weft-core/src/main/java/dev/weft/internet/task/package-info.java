/**
 * Time-based helpers: Twisted's {@code twisted.internet.task}. Start at {@link
 * dev.weft.internet.task.Clock}, the deterministic {@link dev.weft.internet.IReactorTime} that tests
 * drive by hand with {@code advance}, instead of waiting for real time to pass.
 */
@NullMarked
package dev.weft.internet.task;

import org.jspecify.annotations.NullMarked;
