/**
 * The protocol model: protocols, factories, transports, producers, addresses, errors and the reactor's role interfaces.
 * Start at {@link dev.weft.internet.Protocol} and {@link dev.weft.internet.Factory}. Everything here is confined to the
 * reactor thread unless its Javadoc says otherwise; {@link dev.weft.internet.IReactorThreads#callFromThread(Runnable)}
 * is the thread-safe way in.
 */
@NullMarked
package dev.weft.internet;

import org.jspecify.annotations.NullMarked;
