/**
 * Implements {@code dev.weft.internet.nio}: the selector loop, timers, the worker pool, and the socket
 * transports, ports and connectors. <b>Not API</b>: public only so that the public package can reach it.
 *
 * <p>Start reading at {@link dev.weft.internet.nio.internal.EventLoop}, then {@link
 * dev.weft.internet.nio.internal.Connection}, {@link dev.weft.internet.nio.internal.ListeningPort} and {@link
 * dev.weft.internet.nio.internal.Connector}. Every class is confined to the reactor thread unless its Javadoc
 * says otherwise.
 */
@NullMarked
package dev.weft.internet.nio.internal;

import org.jspecify.annotations.NullMarked;
