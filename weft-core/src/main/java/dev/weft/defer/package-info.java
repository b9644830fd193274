/**
 * Twisted's {@code Deferred} and {@code Failure}: asynchronous results as one mutable chain of
 * callback/errback pairs. Start at {@link dev.weft.defer.Deferred}.
 */
@NullMarked
package dev.weft.defer;

import org.jspecify.annotations.NullMarked;
