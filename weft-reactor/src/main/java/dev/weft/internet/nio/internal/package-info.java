/**
 * Implements {@code dev.weft.internet.nio}: the selector loop, timers, the worker pool, and the socket
 * transports, ports and connectors.
 *
 * <p><b>Not API.</b> Everything here may change in any release; use the public package ({@code
 * NioReactor}, {@code ReactorThread}, {@code Endpoints}) instead. The classes are public only so that
 * the public package can reach them.
 *
 * <p>Start reading at {@link dev.weft.internet.nio.internal.EventLoop} (one turn of the loop, the
 * thread-call queue, the flush list and the close list), then {@link dev.weft.internet.nio.internal.Connection} (the
 * transport: reading, buffered writing, producers and closing), {@link
 * dev.weft.internet.nio.internal.ListeningPort} and {@link
 * dev.weft.internet.nio.internal.Connector}. Every class is confined to the reactor thread unless its
 * Javadoc says otherwise.
 */
@NullMarked
package dev.weft.internet.nio.internal;

import org.jspecify.annotations.NullMarked;
