package dev.niotls.tls.context;

import dev.niotls.tls.TlsContext.CryptoBackend;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** Creates the {@link TlsCrypto} of a context ({@link PreparedCredentials} makes the signers that match it). */
public final class CryptoBackends {
    private CryptoBackends() {
    }

    /** One crypto per context: Bouncy Castle's crypto objects are stateless and shared by all connections. */
    public static TlsCrypto create(CryptoBackend backend, SecureRandom random) {
        switch (backend) {
            case JDK:
                return JdkTlsCrypto.create(random);
            case BOUNCY_CASTLE:
                return new BcTlsCrypto(random);
            case HYBRID:
                return new HybridTlsCrypto(random);
            default:
                throw new IllegalArgumentException(backend.name());
        }
    }
}
