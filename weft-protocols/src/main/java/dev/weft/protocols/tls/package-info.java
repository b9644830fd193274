/**
 * TLS as a protocol wrapper over the JDK's {@code SSLEngine} (Twisted's {@code TLSMemoryBIOProtocol}).
 */
@NullMarked
package dev.weft.protocols.tls;

import org.jspecify.annotations.NullMarked;
