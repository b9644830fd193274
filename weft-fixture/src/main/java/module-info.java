/**
 * Real-socket test fixtures for clients and servers that are not weft's. Its package {@code dev.weft.fixture.forward},
 * the forwarding core that {@code FaultProxy} and {@code weft tap} share, is internal and not exported.
 */
module dev.weft.fixture {
    requires transitive dev.weft.core;
    requires transitive dev.weft.reactor;
    requires transitive dev.weft.testing;
    requires static transitive org.jspecify;

    exports dev.weft.fixture;
}
