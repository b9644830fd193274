/**
 * Long-running pieces of an application: Twisted's {@code twisted.application}. {@link
 * dev.weft.application.ClientService} keeps one client connection up, reconnecting with back-off. Everything here is
 * confined to the reactor thread.
 */
@NullMarked
package dev.weft.application;

import org.jspecify.annotations.NullMarked;
