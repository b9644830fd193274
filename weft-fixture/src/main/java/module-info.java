/** Real-socket test fixtures for clients and servers that are not weft's. */
module dev.weft.fixture {
    requires transitive dev.weft.core;
    requires transitive dev.weft.reactor;
    requires transitive dev.weft.testing;
    requires static transitive org.jspecify;

    exports dev.weft.fixture;
    /** The forwarding core of FaultProxy and weft tap: internal, for weft-cli. */
    exports dev.weft.fixture.forward;
}
