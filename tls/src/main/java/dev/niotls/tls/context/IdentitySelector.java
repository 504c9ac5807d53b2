package dev.niotls.tls.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The identities of a server and the choice among them by the client's SNI name: OpenSSL's
 * {@code SSL_CTX_set_tlsext_servername_callback} switching {@code SSL_CTX}s, done declaratively. The first
 * identity added is the default, served when the client sends no SNI or a name no identity covers.
 */
final class IdentitySelector {
    private final List<Identity> identities;
    /** The default identity alone: what most handshakes serve, made once (issue 11). */
    private final List<Identity> defaultOnly;

    public IdentitySelector(List<Identity> identities) {
        this.identities = List.copyOf(identities);
        this.defaultOnly = identities.isEmpty() ? List.of() : List.of(identities.get(0));
    }

    public Identity defaultIdentity() {
        return identities.isEmpty() ? null : identities.get(0);
    }

    public List<Identity> all() {
        return identities;
    }

    /**
     * The identities serving {@code serverName} (several when, say, an RSA and an EC certificate cover it), or
     * the default one alone when none does.
     */
    List<Identity> select(String serverName) {
        if (serverName == null) {
            return defaultOnly;
        }
        List<Identity> matching = null;
        for (Identity identity : identities) {
            if (identity.serves(serverName)) {
                if (matching == null) {
                    matching = new ArrayList<>(2);
                }
                matching.add(identity);
            }
        }
        return matching == null ? defaultOnly : matching;
    }

    /** Whether some identity names {@code serverName} itself (then the server acknowledges SNI, RFC 6066 3). */
    boolean covers(String serverName) {
        if (serverName == null) {
            return false;
        }
        for (Identity identity : identities) {
            if (identity.serves(serverName)) {
                return true;
            }
        }
        return false;
    }
}
