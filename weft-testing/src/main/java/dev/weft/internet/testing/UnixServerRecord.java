package dev.weft.internet.testing;

import dev.weft.internet.IProtocolFactory;

/**
 * Records one {@link MemoryReactor#listenUNIX} call: Twisted's {@code (address, factory, backlog,
 * mode, wantPID)} tuple in {@code MemoryReactor.unixServers}, without {@code mode} and {@code
 * wantPID}, which weft's {@link dev.weft.internet.IReactorUNIX} does not have.
 *
 * <p>An immutable value; thread-safe.
 *
 * @param path the socket path passed in
 * @param factory the factory passed in; the reactor has called none of its methods
 * @param backlog the backlog passed in
 */
public record UnixServerRecord(String path, IProtocolFactory factory, int backlog) {}
