/**
 * Twisted's endpoints: where to listen or connect, as a value or as an endpoint string ({@code
 * "tcp:8000:interface=127.0.0.1"}, {@code "unix:/run/app.sock"}). Start at {@link
 * dev.weft.internet.endpoints.Endpoints}. Parsing is thread-safe; endpoints are confined to the reactor thread.
 */
@NullMarked
package dev.weft.internet.endpoints;

import org.jspecify.annotations.NullMarked;
