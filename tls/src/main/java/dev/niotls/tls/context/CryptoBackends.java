package dev.niotls.tls.context;

import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** Creates the {@link TlsCrypto} of a context ({@link PreparedCredentials} makes the signers that match it). */
public final class CryptoBackends {
    private CryptoBackends() {
    }

    // One crypto per context, made by one of these: Bouncy Castle's crypto objects are stateless and shared by
    // all connections. One factory per TlsContext.CryptoBackend, which this package does not import (the API
    // package depends on this one, not the other way).

    /** {@code CryptoBackend.JDK}. */
    public static TlsCrypto jdk(SecureRandom random) {
        return JdkTlsCrypto.create(random);
    }

    /** {@code CryptoBackend.BOUNCY_CASTLE}. */
    public static TlsCrypto bouncyCastle(SecureRandom random) {
        return new BcTlsCrypto(random);
    }

    /** {@code CryptoBackend.HYBRID}. */
    public static TlsCrypto hybrid(SecureRandom random) {
        return new HybridTlsCrypto(random);
    }
}
