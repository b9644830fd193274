package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import dev.weft.internet.endpoints.EndpointDescription;
import dev.weft.protocols.tls.KeyAndChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The TLS side of {@code --listen} for {@code sink} and {@code tap}: tells {@code ssl:} strings
 * apart, makes the {@code --self-signed} certificate, and writes the listening line's endpoints and
 * fingerprint. Pure apart from {@link #make}; thread-safe.
 */
final class TlsListeners {
    private final @Nullable SelfSigned selfSigned;

    private TlsListeners(@Nullable SelfSigned selfSigned) {
        this.selfSigned = selfSigned;
    }

    /**
     * Checks {@code --self-signed} against the listen strings and, if it is set, makes the key and
     * certificate (for localhost, the loopback addresses and each {@code ssl:} string's interface).
     *
     * @throws CliFailure (usage) if {@code --self-signed} is set and no string is {@code ssl:}
     */
    static TlsListeners make(boolean selfSigned, List<String> endpoints) {
        if (!selfSigned) {
            return new TlsListeners(null);
        }
        List<String> interfaces = new ArrayList<>();
        for (String e : endpoints) {
            if (isTls(e)) {
                String iface = EndpointDescription.parse(e, "server").get(4, "interface");
                interfaces.add(iface == null ? "" : iface);
            }
        }
        if (interfaces.isEmpty()) {
            throw CliFailure.usage("--self-signed makes a certificate for ssl: listeners, and no --listen is ssl:;"
                    + " write e.g. --listen ssl:0 --self-signed");
        }
        return new TlsListeners(SelfSigned.make(interfaces));
    }

    /** Tells whether a listen string is {@code ssl:}; a string that does not parse is not (its parser reports it). */
    static boolean isTls(String endpoint) {
        try {
            return EndpointDescription.parse(endpoint, "server").type().equals("ssl");
        } catch (IllegalArgumentException e) {
            return endpoint.toLowerCase(Locale.ROOT).startsWith("ssl:");
        }
    }

    /** Returns the key and certificate {@code ssl:} listeners use, or null to read the files they name. */
    @Nullable
    KeyAndChain identity() {
        SelfSigned s = selfSigned;
        return s == null ? null : s.identity();
    }

    /** Returns the self-signed certificate's fingerprint ({@code AB:CD:...}), or null without {@code --self-signed}. */
    @Nullable
    String fingerprint() {
        SelfSigned s = selfSigned;
        return s == null ? null : s.fingerprint();
    }

    /** Returns the server string of a listening address: {@code ssl:PORT:interface=ADDR} for TLS. */
    static String serverEndpoint(IAddress address, boolean tls) {
        String tcp = Addresses.serverEndpoint(address);
        return tls ? tcp.replaceFirst("^tcp6?:", "ssl:") : tcp;
    }

    /** Returns the client string that reaches a listening address: {@code tls:host=ADDR:port=PORT} for TLS. */
    static String clientEndpoint(IAddress address, boolean tls) {
        String tcp = Addresses.clientEndpoint(address);
        return tls ? tcp.replaceFirst("^tcp:", "tls:") : tcp;
    }

    /**
     * Returns the standard-error line of a listener with the self-signed certificate, or null when
     * it has none: the names it is valid for, its fingerprint as {@code openssl x509 -fingerprint
     * -sha256} prints it, and how a client pins it.
     */
    @Nullable
    String fingerprintLine(String command, IAddress address, boolean tls) {
        SelfSigned s = selfSigned;
        if (s == null || !tls) {
            return null;
        }
        return command + ": self-signed certificate for " + String.join(", ", s.names()) + ": sha256 Fingerprint="
                + s.fingerprint() + " (pin it: weft send --pin sha256:" + s.fingerprint() + " "
                + clientEndpoint(address, true) + ")";
    }

    /** Adds {@code sha256_fingerprint} to a JSON listening event of a listener with the self-signed certificate. */
    JsonObject addTo(JsonObject json, boolean tls) {
        SelfSigned s = selfSigned;
        if (s != null && tls) {
            json.put("sha256_fingerprint", s.fingerprint());
        }
        return json;
    }
}
