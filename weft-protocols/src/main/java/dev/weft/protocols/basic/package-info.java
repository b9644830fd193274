/**
 * Twisted's framing receivers ({@code twisted.protocols.basic}): lines, length-prefixed strings and netstrings.
 */
@NullMarked
package dev.weft.protocols.basic;

import org.jspecify.annotations.NullMarked;
