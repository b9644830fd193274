/**
 * TLS as a protocol wrapper over the JDK's {@code SSLEngine} (Twisted's {@code TLSMemoryBIOProtocol}).
 *
 * <p>Start with {@link dev.weft.protocols.tls.TLSMemoryBIOProtocol} (one connection) or {@link
 * dev.weft.protocols.tls.TLSMemoryBIOFactory} (every connection of a factory), configured by {@link
 * dev.weft.protocols.tls.TLSServerOptions} or {@link dev.weft.protocols.tls.TLSClientOptions}, with
 * identities from {@link dev.weft.protocols.tls.KeyAndChain} and trust from {@link
 * dev.weft.protocols.tls.TrustRoots}. The wrapped protocol's transport is an {@link
 * dev.weft.protocols.tls.ISSLTransport}; it may implement {@link
 * dev.weft.protocols.tls.IHandshakeListener}. Failures arrive as {@link dev.weft.protocols.tls.TLSError}.
 * {@link dev.weft.protocols.tls.TlsEndpoints} parses Twisted's {@code ssl:} and {@code tls:} strings.
 * Where delegated tasks run: {@link dev.weft.protocols.tls.DelegatedTasks}.
 *
 * <p>startTLS: pass the options (or a {@link dev.weft.protocols.tls.StartTLS}, which adds a clock and
 * a task policy) to {@code ITLSTransport.startTLS} on a connected transport; it returns the {@link
 * dev.weft.protocols.tls.ISSLTransport}, and the protocol keeps writing through its own transport.
 *
 * <p>Everything here is confined to the reactor thread except the option values, which are immutable.
 */
@NullMarked
package dev.weft.protocols.tls;

import org.jspecify.annotations.NullMarked;
