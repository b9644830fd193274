package dev.weft.cli;

import dev.weft.internet.endpoints.EndpointDescription;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@code --pin sha256:FINGERPRINT} for {@code tls:} client strings: trust exactly the certificate
 * with that SHA-256 fingerprint, instead of certificate authorities and the host name (as ssh trusts
 * a known host key). Pure; thread-safe.
 */
final class TlsPin {
    private TlsPin() {}

    /**
     * Returns what {@code --pin} does to the options of {@code endpoint}: nothing without a pin.
     *
     * @throws CliFailure (usage) if the pin is not a SHA-256 fingerprint, or the endpoint is not {@code tls:}
     */
    static UnaryOperator<TLSClientOptions> adjuster(@Nullable String pin, String endpoint) {
        if (pin == null) {
            return UnaryOperator.identity();
        }
        TrustRoots pinned;
        try {
            pinned = TrustRoots.pinned(pin);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--pin: " + e.getMessage(), e);
        }
        if (!isTls(endpoint)) {
            throw CliFailure.usage("--pin applies to tls: endpoints, and '" + endpoint + "' is not one; write e.g."
                    + " tls:host=127.0.0.1:port=9000");
        }
        return options -> options.withTrustRoots(pinned).withoutHostnameVerification();
    }

    private static boolean isTls(String endpoint) {
        try {
            return EndpointDescription.parse(endpoint, "client").type().equals("tls");
        } catch (IllegalArgumentException e) {
            return true; // the endpoint's own parser reports what is wrong with it
        }
    }
}
