/**
 * TLS benchmarks: weft's {@code TLSMemoryBIOProtocol} on the NIO reactor against Netty 4.2's {@code SslHandler} with
 * the JDK provider, same JVM, same cipher; {@link dev.weft.bench.tls.TlsBench} is the entry point.
 */
package dev.weft.bench.tls;
