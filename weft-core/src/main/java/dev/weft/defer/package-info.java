/**
 * Provides Twisted's {@code Deferred} and {@code Failure}: asynchronous results as one mutable chain of
 * callback/errback pairs, with Twisted's semantics exactly (checked against real Twisted by the
 * differential test in weft-core's test sources).
 *
 * <p>Start at {@link dev.weft.defer.Deferred}: fire it with {@code callback}/{@code errback}, add
 * handlers with {@code addCallback}/{@code addErrback}/{@code addBoth}, and use the reference each
 * {@code add…} returns. Errors travel as {@link dev.weft.defer.Failure} values; {@link
 * dev.weft.defer.DeferredList} and {@link dev.weft.defer.DeferredList#gatherResults} combine several
 * Deferreds. Twisted's named errors are unchecked: {@link dev.weft.defer.CancelledError}, {@link
 * dev.weft.defer.TimeoutError} and {@link dev.weft.defer.FirstError} under {@link
 * dev.weft.defer.WeftException}, and the misuse errors {@link dev.weft.defer.AlreadyCalledError} and
 * {@link dev.weft.defer.DeferredCycleError} under {@link IllegalStateException}.
 *
 * <p>Deferreds are confined to one thread (the reactor thread) and never block. Arguments are
 * non-null unless marked {@code @Nullable}; a null one throws {@link NullPointerException}.
 */
@NullMarked
package dev.weft.defer;

import org.jspecify.annotations.NullMarked;
