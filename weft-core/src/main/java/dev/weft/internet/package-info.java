/**
 * The protocol model: protocols, factories, transports, producers, addresses, errors and the
 * reactor's role interfaces.
 *
 * <p>Start at {@link dev.weft.internet.Protocol} to write a protocol and at {@link
 * dev.weft.internet.Factory} ({@link dev.weft.internet.ServerFactory}, {@link
 * dev.weft.internet.ClientFactory}) to hand it to a reactor. A protocol talks to the peer through an
 * {@link dev.weft.internet.ITransport}; the reactor is reached through small role interfaces ({@link
 * dev.weft.internet.IReactorTCP}, {@link dev.weft.internet.IReactorTime}, {@link
 * dev.weft.internet.IReactorCore}, ...), so a test can pass a fake that implements only the roles the
 * code uses. Connection errors ({@link dev.weft.internet.ConnectionDone}, {@link
 * dev.weft.internet.ConnectionLost}, {@link dev.weft.internet.ConnectError}, ...) keep Twisted's names
 * and messages and travel as {@link dev.weft.defer.Failure} values.
 *
 * <p>Everything here is confined to the reactor thread unless its Javadoc says otherwise; {@link
 * dev.weft.internet.IReactorThreads#callFromThread(Runnable)} is the one thread-safe way in.
 */
@NullMarked
package dev.weft.internet;

import org.jspecify.annotations.NullMarked;
