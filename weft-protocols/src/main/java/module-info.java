/** Twisted's protocols for weft: the framing receivers and TLS as a protocol wrapper. */
module dev.weft.protocols {
    requires transitive dev.weft.core;
    requires static transitive org.jspecify;

    exports dev.weft.protocols.basic;
    exports dev.weft.protocols.tls;
}
