/**
 * The real event loop: {@link dev.weft.internet.nio.NioReactor}, a single-threaded reactor on a
 * {@code java.nio} Selector serving TCP and UNIX-domain sockets, timers and a thread pool.
 *
 * <p>Start with {@link dev.weft.internet.nio.NioReactor} (listen, connect, schedule, run). To run a
 * reactor beside other code use {@link dev.weft.internet.nio.ReactorThread} and reach it with {@link
 * dev.weft.internet.Threads#blockingCallFromThread}. {@link dev.weft.internet.endpoints.Endpoints}
 * turns Twisted's endpoint strings ({@code "tcp:8000:interface=127.0.0.1"}, {@code
 * "unix:/run/app.sock"}) into listeners and connectors. The transport each connection gets is an
 * {@link dev.weft.internet.nio.INioTransport}.
 *
 * <p>Everything runs on the reactor thread except where a Javadoc says "Thread-safe".
 */
@NullMarked
package dev.weft.internet.nio;

import org.jspecify.annotations.NullMarked;
