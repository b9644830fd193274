/**
 * The protocol model: protocols, factories, transports, producers, addresses, errors and the
 * reactor's role interfaces.
 *
 * <p>Start at {@link dev.weft.internet.Protocol} to write a protocol and at {@link
 * dev.weft.internet.Factory} to hand it to a reactor. Everything here is confined to the reactor
 * thread unless its Javadoc says otherwise; {@link
 * dev.weft.internet.IReactorThreads#callFromThread(Runnable)} is the one thread-safe way in.
 */
@NullMarked
package dev.weft.internet;

import org.jspecify.annotations.NullMarked;
