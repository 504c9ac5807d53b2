package dev.niotls.tls.context;

import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Everything a Bouncy Castle peer of one context needs, resolved and checked at {@code build()}: immutable and
 * shared by all connections. Built by {@link SettingsBuilder}.
 */
public final class PeerSettings {
    /** Whether and how a server asks for a client certificate ({@code SSL_VERIFY_PEER} and friends). */
    public enum ClientAuth {
        /** No CertificateRequest (OpenSSL's {@code SSL_VERIFY_NONE} on a server). */
        NONE,
        /** Ask, accept an empty answer ({@code SSL_VERIFY_PEER}). */
        REQUEST,
        /** Ask and fail without one ({@code SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT}). */
        REQUIRE
    }

    final TlsCrypto crypto;
    final ProtocolVersion[] versions;
    final int[] cipherSuites;
    final int[] namedGroups;
    final List<ProtocolName> applicationProtocols;
    final boolean applicationProtocolRequired;
    final boolean serverCipherPreference;
    final int maxHandshakeMessageSize;
    final int maxCertificateChainLength;
    final IdentitySelector identities;
    final PeerVerifier verifier;
    final ClientAuth clientAuth;
    final String serverName;
    final ServerSessionCache serverSessions;
    final ClientSessionCache clientSessions;
    /** Where the connection secrets go (NSS key log), or null: off unless asked for. */
    final KeyLog keyLog;
    /** Client: the server must staple a good, current OCSP response for its leaf. */
    final boolean requireStapledOcsp;
    final SessionTickets sessionTickets;
    /** {@link #cipherSuites} and {@link #namedGroups} that {@link #crypto} implements, filtered once, not per handshake. */
    private final int[] supportedCipherSuites;
    private final int[] supportedGroups;

    PeerSettings(SettingsBuilder builder, TlsCrypto crypto, IdentitySelector identities, PeerVerifier verifier,
            SessionTickets sessionTickets) {
        this.crypto = crypto;
        this.versions = AlgorithmNames.protocols(builder.protocols);
        this.cipherSuites = AlgorithmNames.cipherSuites(builder.cipherSuites);
        this.namedGroups = AlgorithmNames.namedGroups(builder.namedGroups);
        this.applicationProtocols = builder.applicationProtocols.stream().map(ProtocolName::asUtf8Encoding).toList();
        this.applicationProtocolRequired = builder.applicationProtocolRequired;
        this.serverCipherPreference = builder.serverCipherPreference;
        this.maxHandshakeMessageSize = builder.maxHandshakeMessageSize;
        this.maxCertificateChainLength = builder.maxCertificateChainLength;
        this.identities = identities;
        this.verifier = verifier;
        this.clientAuth = builder.clientAuth;
        this.serverName = builder.serverName;
        this.serverSessions = new ServerSessionCache(builder.sessionCacheSize, builder.sessionLifetime);
        this.clientSessions = new ClientSessionCache(builder.sessionCacheSize, builder.sessionLifetime);
        this.keyLog = builder.keyLog;
        this.requireStapledOcsp = builder.requireStapledOcsp;
        this.sessionTickets = sessionTickets;
        this.supportedCipherSuites = org.bouncycastle.tls.TlsUtils.getSupportedCipherSuites(crypto, cipherSuites);
        this.supportedGroups = java.util.Arrays.stream(namedGroups).filter(crypto::hasNamedGroup).toArray();
    }

    /** What build() found wrong but did not refuse: OCSP responses that will not be stapled, and why. */
    public List<String> warnings() {
        List<String> warnings = new java.util.ArrayList<>();
        for (Identity identity : identities.all()) {
            if (identity.ocsp() != null && identity.ocsp().problem() != null) {
                warnings.add(identity.ocsp().problem());
            }
        }
        return warnings;
    }

    /** The certificate chain of the default identity, leaf first; empty when there is none. */
    public List<java.security.cert.X509Certificate> defaultChain() {
        Identity identity = identities.defaultIdentity();
        return identity == null ? List.of() : identity.chain();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    Vector applicationProtocolVector() {
        return applicationProtocols.isEmpty() ? null : new Vector(applicationProtocols);
    }

    /** The configured named groups that {@code crypto} can do, in preference order (both roles offer these). */
    /** The configured groups the context's crypto implements, in preference order; a copy for Bouncy Castle to keep. */
    int[] supportedGroups() {
        return supportedGroups.clone();
    }

    /** The configured cipher suites the context's crypto implements (BC's {@code getSupportedCipherSuites}); a copy. */
    int[] supportedCipherSuites() {
        return supportedCipherSuites.clone();
    }
}
