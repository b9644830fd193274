/**
 * The real event loop: {@link dev.weft.internet.nio.NioReactor}, a single-threaded reactor on a {@code
 * java.nio} Selector serving TCP and UNIX-domain sockets, timers and a thread pool. To run one beside other
 * code use {@link dev.weft.internet.nio.ReactorThread}; each connection's transport is an {@link
 * dev.weft.internet.nio.INioTransport}. Everything runs on the reactor thread except where a Javadoc says
 * "Thread-safe".
 *
 * <p>The implementation is in {@code dev.weft.internet.nio.internal}, which is not exported; this package uses it,
 * never the reverse.
 */
@NullMarked
package dev.weft.internet.nio;

import org.jspecify.annotations.NullMarked;
