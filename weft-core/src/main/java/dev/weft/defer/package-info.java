/**
 * Twisted's {@code Deferred} and {@code Failure}: asynchronous results as one chain of callback/errback pairs.
 *
 * <p>Start at {@link dev.weft.defer.Deferred}. Deferreds are confined to the reactor thread and never block. Arguments
 * are non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.defer;

import org.jspecify.annotations.NullMarked;
