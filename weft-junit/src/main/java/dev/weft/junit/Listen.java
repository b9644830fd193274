package dev.weft.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tells {@link WeftExtension} which address the injected {@code SinkServer} listens on, instead of {@code 127.0.0.1}:
 * an IP literal such as {@code "::1"}, for a client that dials IPv6 loopback. The test has one {@code SinkServer}, so
 * every {@code SinkServer} parameter of a test (constructor, {@code @BeforeEach}, body, {@code @AfterEach}) must ask
 * for the same address; one that differs fails naming both. On a parameter of another type it is an error.
 *
 * <pre>{@code
 * @Test
 * void dialsIpv6(@Listen("::1") SinkServer server) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Listen {
    /**
     * Returns the address to listen on, an IP literal: {@code "::1"} (or {@code "[::1]"}), {@code "127.0.0.1"}, or a
     * wildcard ({@code "::"}, {@code "0.0.0.0"}: the server's {@code address()} is then its family's loopback). A host
     * name is refused, as it could name several addresses.
     */
    String value();
}
