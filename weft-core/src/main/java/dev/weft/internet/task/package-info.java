/**
 * Time-based helpers: Twisted's {@code twisted.internet.task}. Start at {@link dev.weft.internet.task.Clock}, the
 * {@link dev.weft.internet.IReactorTime} that tests drive by hand; {@link dev.weft.internet.task.LoopingCall} repeats a
 * call, and {@link dev.weft.internet.task.Tasks#deferLater Tasks.deferLater} runs one later and returns a Deferred.
 */
@NullMarked
package dev.weft.internet.task;

import org.jspecify.annotations.NullMarked;
