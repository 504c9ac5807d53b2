package dev.niotls.tls.context;

import dev.niotls.tls.TlsContext.CryptoBackend;
import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Creates the {@link TlsCrypto} of a context and the signers that match it. */
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

    /** A signer for {@code identity}'s key in the crypto's own representation (JCA key or BC key parameter). */
    static TlsCredentialedSigner signer(TlsCrypto crypto, TlsCryptoParameters parameters, Identity identity,
            Certificate certificate, SignatureAndHashAlgorithm algorithm) throws IOException {
        if (crypto instanceof JcaTlsCrypto) {
            return new JcaDefaultTlsCredentialedSigner(parameters, (JcaTlsCrypto) crypto, identity.privateKey(),
                    certificate, algorithm);
        }
        return new BcDefaultTlsCredentialedSigner(parameters, (BcTlsCrypto) crypto, identity.lightweightKey(),
                certificate, algorithm);
    }
}
