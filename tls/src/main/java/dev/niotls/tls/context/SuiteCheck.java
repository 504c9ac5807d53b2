package dev.niotls.tls.context;

import dev.niotls.tls.context.Identity.KeyKind;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsUtils;

/**
 * Build-time sanity of the cipher suite list against the protocols and, for a server, its keys: what OpenSSL
 * reports as "no ciphers available" at handshake time, reported by {@code build()} instead.
 */
final class SuiteCheck {
    private SuiteCheck() {
    }

    /**
     * Fails when no configured suite is usable with any enabled protocol, or when a server could negotiate only
     * TLS 1.2 suites and none of them fits its keys. A protocol version left without suites is simply not
     * negotiated, as in OpenSSL.
     */
    static void check(PeerSettings settings, boolean server) {
        int[] usable = TlsUtils.getSupportedCipherSuites(settings.crypto, settings.cipherSuites);
        List<Integer> tls12 = new ArrayList<>();
        boolean tls13 = false;
        List<String> protocols = new ArrayList<>();
        for (ProtocolVersion version : settings.versions) {
            boolean isTls13 = version.equals(ProtocolVersion.TLSv13);
            protocols.add(isTls13 ? "TLSv1.3" : "TLSv1.2");
            for (int suite : usable) {
                if (TlsUtils.isValidVersionForCipherSuite(suite, version)) {
                    if (isTls13) {
                        tls13 = true;
                    } else {
                        tls12.add(suite);
                    }
                }
            }
        }
        if (!tls13 && tls12.isEmpty()) {
            throw new IllegalArgumentException("no configured cipher suite is usable with " + protocols
                    + " by this crypto backend; configured: " + names(settings.cipherSuites));
        }
        if (server && !tls13 && !anySuiteFitsAKey(settings, tls12)) {
            throw new IllegalArgumentException("none of the TLSv1.2 cipher suites " + names(settings.cipherSuites)
                    + " can be used with the server's certificate key types " + keyKinds(settings));
        }
    }

    private static boolean anySuiteFitsAKey(PeerSettings settings, List<Integer> suites) {
        for (int suite : suites) {
            int keyExchange = TlsUtils.getKeyExchangeAlgorithm(suite);
            for (Identity identity : settings.identities.all()) {
                boolean rsa = identity.keyKind() == KeyKind.RSA;
                if (rsa && (keyExchange == KeyExchangeAlgorithm.ECDHE_RSA || keyExchange == KeyExchangeAlgorithm.DHE_RSA)
                        || !rsa && keyExchange == KeyExchangeAlgorithm.ECDHE_ECDSA) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> names(int[] suites) {
        List<String> names = new ArrayList<>();
        for (int suite : suites) {
            names.add(AlgorithmNames.cipherSuiteName(suite));
        }
        return names;
    }

    private static List<KeyKind> keyKinds(PeerSettings settings) {
        return settings.identities.all().stream().map(Identity::keyKind).distinct().toList();
    }
}
