/**
 * The NIO reactor: a single-threaded event loop on a {@code java.nio} Selector for TCP and
 * UNIX-domain sockets. {@code dev.weft.internet.nio.internal} is not exported.
 */
module dev.weft.reactor {
    requires transitive dev.weft.core;
    requires static transitive org.jspecify;

    exports dev.weft.internet.nio;
}
