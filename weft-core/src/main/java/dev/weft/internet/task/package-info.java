/**
 * Time-based helpers: Twisted's {@code twisted.internet.task}. Start at {@link dev.weft.internet.task.Clock}, the
 * {@link dev.weft.internet.IReactorTime} that tests drive by hand.
 */
@NullMarked
package dev.weft.internet.task;

import org.jspecify.annotations.NullMarked;
