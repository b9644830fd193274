/**
 * Twisted's model for Java: {@code Deferred}s, protocols, factories, transports, the reactor role interfaces, endpoint
 * strings and the byte-accumulation engine. Depends on the JDK alone.
 */
module dev.weft.core {
    requires static transitive org.jspecify;

    exports dev.weft.application;
    exports dev.weft.buffer;
    exports dev.weft.defer;
    exports dev.weft.internet;
    exports dev.weft.internet.endpoints;
    exports dev.weft.internet.task;
}
