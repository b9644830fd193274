/**
 * Twisted's testing kit for weft: AccumulatingProtocol, the fake transports and reactors, the pump and the chunking
 * harness; captures, their in-memory replay and pcap import. Depends on no test framework.
 */
module dev.weft.testing {
    requires transitive dev.weft.core;
    requires static transitive org.jspecify;
    // LogCapture hands out java.util.logging records.
    requires transitive java.logging;
    // TestCertificates only: an optional dependency that its users add to their test scope.
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;

    exports dev.weft.internet.testing;
    exports dev.weft.internet.testing.capture;
    exports dev.weft.internet.testing.pcap;
}
