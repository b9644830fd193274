/**
 * Twisted's protocol policies ({@code twisted.protocols.policies}): {@link dev.weft.protocols.policies.Timeout},
 * Twisted's {@code TimeoutMixin}, as an object a protocol owns. Confined to the reactor thread.
 */
@NullMarked
package dev.weft.protocols.policies;

import org.jspecify.annotations.NullMarked;
