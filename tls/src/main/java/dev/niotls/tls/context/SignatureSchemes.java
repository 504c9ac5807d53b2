package dev.niotls.tls.context;

import static org.bouncycastle.tls.SignatureScheme.ecdsa_secp256r1_sha256;
import static org.bouncycastle.tls.SignatureScheme.ecdsa_secp384r1_sha384;
import static org.bouncycastle.tls.SignatureScheme.ecdsa_secp521r1_sha512;
import static org.bouncycastle.tls.SignatureScheme.rsa_pkcs1_sha256;
import static org.bouncycastle.tls.SignatureScheme.rsa_pkcs1_sha384;
import static org.bouncycastle.tls.SignatureScheme.rsa_pkcs1_sha512;
import static org.bouncycastle.tls.SignatureScheme.rsa_pss_rsae_sha256;
import static org.bouncycastle.tls.SignatureScheme.rsa_pss_rsae_sha384;
import static org.bouncycastle.tls.SignatureScheme.rsa_pss_rsae_sha512;

import dev.niotls.tls.context.Identity.KeyKind;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;

/**
 * Picks the signature scheme we sign the handshake with, from the peer's signature_algorithms list and our key:
 * the job of OpenSSL's {@code tls_choose_sigalg}. Bouncy Castle's {@code DefaultTlsServer} has no TLS 1.3
 * counterpart, hence this class.
 */
final class SignatureSchemes {
    private SignatureSchemes() {
    }

    /**
     * Our preference for {@code kind}. TLS 1.3 binds ECDSA to the key's curve and forbids PKCS#1 v1.5 and SHA-1
     * in CertificateVerify (RFC 8446 4.2.3); TLS 1.2 allows any hash with ECDSA. SHA-1 is never used: OpenSSL 3.0
     * refuses it at its default security level 1 (a TLS 1.2 client offering only SHA-1 schemes, or none, gets
     * handshake_failure before the ServerHello), and so does niotls (SPEC A4).
     */
    static List<Integer> preferred(KeyKind kind, boolean tls13) {
        switch (kind) {
            case RSA:
                return tls13 ? List.of(rsa_pss_rsae_sha256, rsa_pss_rsae_sha384, rsa_pss_rsae_sha512)
                        : List.of(rsa_pss_rsae_sha256, rsa_pss_rsae_sha384, rsa_pss_rsae_sha512, rsa_pkcs1_sha256,
                                rsa_pkcs1_sha384, rsa_pkcs1_sha512);
            case EC_P256:
                return tls13 ? List.of(ecdsa_secp256r1_sha256) : ecdsa12(ecdsa_secp256r1_sha256);
            case EC_P384:
                return tls13 ? List.of(ecdsa_secp384r1_sha384) : ecdsa12(ecdsa_secp384r1_sha384);
            case EC_P521:
                return tls13 ? List.of(ecdsa_secp521r1_sha512) : ecdsa12(ecdsa_secp521r1_sha512);
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    private static List<Integer> ecdsa12(int matchingCurve) {
        return List.of(matchingCurve, ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ecdsa_secp521r1_sha512);
    }

    /**
     * The first of our schemes for {@code kind} the peer offered, or null if none. A TLS 1.2 peer that sent no
     * signature_algorithms implies SHA-1 (RFC 5246 7.4.1.4.1), which niotls does not sign with (see above).
     */
    @SuppressWarnings("rawtypes")
    static SignatureAndHashAlgorithm choose(KeyKind kind, boolean tls13, Vector peerAlgorithms) {
        if (peerAlgorithms == null) {
            return null;
        }
        for (int scheme : preferred(kind, tls13)) {
            SignatureAndHashAlgorithm candidate = SignatureScheme.getSignatureAndHashAlgorithm(scheme);
            if (peerAlgorithms.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
