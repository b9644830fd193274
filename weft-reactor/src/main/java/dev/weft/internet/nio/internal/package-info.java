/**
 * Implements {@code dev.weft.internet.nio}: the selector loop, timers, the worker pool, and the socket
 * transports, ports and connectors. <b>Not API</b>: public only so that the public package can reach it.
 *
 * <p>The dependency runs one way: the public package uses this one, and this one uses no type of the public
 * package. Where the public package's types must appear, it supplies them: each connection is the public
 * {@code NioConnection}, a subclass of {@link dev.weft.internet.nio.internal.Connection} that adds {@code
 * INioTransport}, made by the {@link dev.weft.internet.nio.internal.ConnectionMaker} that {@code NioReactor}
 * gives its {@link dev.weft.internet.nio.internal.EventLoop}; and {@code UnixSocketFiles} is {@link
 * dev.weft.internet.nio.internal.PathKinds}.
 *
 * <p>Start reading at {@link dev.weft.internet.nio.internal.EventLoop}, then {@link
 * dev.weft.internet.nio.internal.Connection}, {@link dev.weft.internet.nio.internal.ListeningPort} and {@link
 * dev.weft.internet.nio.internal.Connector}. Every class is confined to the reactor thread unless its Javadoc
 * says otherwise.
 */
@NullMarked
package dev.weft.internet.nio.internal;

import org.jspecify.annotations.NullMarked;
