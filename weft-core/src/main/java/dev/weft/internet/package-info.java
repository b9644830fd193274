/**
 * The protocol model: protocols, factories, transports, producers, addresses, errors and the
 * reactor's role interfaces. Start at {@code Protocol} to write a protocol.
 */
@NullMarked
package dev.weft.internet;

import org.jspecify.annotations.NullMarked;
