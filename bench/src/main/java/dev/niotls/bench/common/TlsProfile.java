package dev.niotls.bench.common;

import java.util.List;
import java.util.Locale;

/**
 * The one protocol, cipher suite and key-exchange group that every server of a run is configured with,
 * so that niotls, Netty and nginx do the same cryptographic work (issue 6: "same certificate, protocol and
 * cipher suite"). The certificate is an ECDSA P-256 key: the handshake under test is ECDHE (X25519) plus
 * an ECDSA P-256 signature for both protocol versions.
 */
public enum TlsProfile {
    /** TLS 1.3, TLS_AES_128_GCM_SHA256, X25519. */
    TLS13("TLSv1.3", "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"),
    /** TLS 1.2, ECDHE-ECDSA-AES128-GCM-SHA256, X25519. */
    TLS12("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256");

    /** The group both versions use for the key exchange. */
    public static final String GROUP = "x25519";

    private final String protocol;
    private final String cipherSuite;
    private final String opensslCipher;

    TlsProfile(String protocol, String cipherSuite, String opensslCipher) {
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
        this.opensslCipher = opensslCipher;
    }

    /** The JSSE protocol name ("TLSv1.3"). */
    public String protocol() {
        return protocol;
    }

    /** The IANA/JSSE cipher suite name. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The OpenSSL name of the cipher suite (what nginx and s_server are given). */
    public String opensslCipher() {
        return opensslCipher;
    }

    /** The cipher suites list for a JSSE-style API. */
    public List<String> cipherSuites() {
        return List.of(cipherSuite);
    }

    /** Parses the samples' {@code --tls} value: "1.2" or "1.3" (default 1.3). */
    public static TlsProfile parse(String version) {
        switch (version.toLowerCase(Locale.ROOT)) {
            case "1.3":
            case "tlsv1.3":
                return TLS13;
            case "1.2":
            case "tlsv1.2":
                return TLS12;
            default:
                throw new IllegalArgumentException("--tls must be 1.2 or 1.3, not " + version);
        }
    }
}
