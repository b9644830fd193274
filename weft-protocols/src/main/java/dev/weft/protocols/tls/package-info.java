/**
 * TLS as a protocol wrapper over the JDK's {@code SSLEngine} (Twisted's {@code TLSMemoryBIOProtocol}).
 *
 * <p>Start with {@link dev.weft.protocols.tls.TLSMemoryBIOFactory} (or {@link
 * dev.weft.protocols.tls.TLSMemoryBIOProtocol} for one connection), configured by {@link
 * dev.weft.protocols.tls.TLSServerOptions} or {@link dev.weft.protocols.tls.TLSClientOptions}. The
 * wrapped protocol's transport is an {@link dev.weft.protocols.tls.ISSLTransport}; failures arrive as
 * {@link dev.weft.protocols.tls.TLSError}. For startTLS pass the options (or a {@link
 * dev.weft.protocols.tls.StartTLS}) to {@code ITLSTransport.startTLS}.
 *
 * <p>Confined to the reactor thread, except the immutable option values.
 */
@NullMarked
package dev.weft.protocols.tls;

import org.jspecify.annotations.NullMarked;
