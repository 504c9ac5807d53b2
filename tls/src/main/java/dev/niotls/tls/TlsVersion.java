package dev.niotls.tls;

import org.bouncycastle.tls.ProtocolVersion;

/**
 * The protocol versions niotls speaks: the twin of OpenSSL's {@code TLS1_2_VERSION} and {@code TLS1_3_VERSION}
 * ({@code SSL_version}). SSLv3, TLS 1.0 and TLS 1.1 are refused (SPEC section 1).
 */
public enum TlsVersion {
    /** TLS 1.2 (RFC 5246): Bouncy Castle's record layer, renegotiation (H3). */
    TLS_1_2("TLSv1.2"),
    /** TLS 1.3 (RFC 8446): niotls's own record layer after the handshake (SPEC L1), KeyUpdate (H4). */
    TLS_1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The JSSE name, as OpenSSL's {@code SSL_get_version} prints it: "TLSv1.2", "TLSv1.3". */
    public String protocolName() {
        return protocolName;
    }

    /**
     * Bouncy Castle's negotiated version as ours; null before it is known (niotls negotiates nothing older than
     * TLS 1.2). Here rather than in the engine package, which does not import the API's types.
     */
    static TlsVersion of(ProtocolVersion negotiated) {
        if (ProtocolVersion.TLSv13.equals(negotiated)) {
            return TLS_1_3;
        }
        return ProtocolVersion.TLSv12.equals(negotiated) ? TLS_1_2 : null;
    }

    /** The version named {@code name} ("TLSv1.3", "TLSv1.2"), or null for any other name. */
    public static TlsVersion forName(String name) {
        for (TlsVersion version : values()) {
            if (version.protocolName.equals(name)) {
                return version;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return protocolName;
    }
}
