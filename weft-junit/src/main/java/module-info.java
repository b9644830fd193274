/** JUnit 5 support for weft: {@code @ChunkedSource} and the extension. */
module dev.weft.junit {
    requires transitive dev.weft.testing;
    requires transitive dev.weft.fixture;
    requires transitive dev.weft.reactor;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires static transitive org.jspecify;

    exports dev.weft.junit;
}
