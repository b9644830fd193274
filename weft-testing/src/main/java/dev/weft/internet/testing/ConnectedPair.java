package dev.weft.internet.testing;

import dev.weft.internet.IProtocol;

/**
 * What {@link IOPump#connectedServerAndClient} returns: Twisted's {@code (client, server, pump)} tuple, in that order.
 * Immutable; confined to the test thread like the protocols it holds.
 */
public record ConnectedPair<C extends IProtocol, S extends IProtocol>(C client, S server, IOPump pump) {}
