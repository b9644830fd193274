/**
 * Twisted's testing kit for weft: AccumulatingProtocol, the fake transports and reactors, the pump
 * and the chunking harness. Depends on no test framework.
 */
module dev.weft.testing {
    requires transitive dev.weft.core;
    requires static transitive org.jspecify;
    // TestCertificates only: an optional dependency that its users add to their test scope.
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;

    exports dev.weft.internet.testing;
}
