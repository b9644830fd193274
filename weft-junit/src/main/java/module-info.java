/**
 * JUnit 5 support for weft: {@code @ChunkedSource}, the extension that injects the kit and checks test hygiene, {@code
 * @TransportTest}, and {@code TransportContract}, the transport contract suite.
 */
module dev.weft.junit {
    requires transitive dev.weft.testing;
    requires transitive dev.weft.fixture;
    requires transitive dev.weft.reactor;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires static transitive org.jspecify;
    requires java.logging;

    exports dev.weft.junit;
}
