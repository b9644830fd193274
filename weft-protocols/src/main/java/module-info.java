/** Twisted's protocols for weft: the framing receivers, TLS as a protocol wrapper, and the idle timeout. */
module dev.weft.protocols {
    requires transitive dev.weft.core;
    requires static transitive org.jspecify;

    exports dev.weft.protocols.basic;
    exports dev.weft.protocols.policies;
    exports dev.weft.protocols.tls;
}
