package dev.niotls.tls.context;

import java.io.IOException;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One key agreement of Bouncy Castle's (X25519, X448, ECDH, DH: the ephemeral key pair is made afresh for each, as
 * before) whose shared secret is handed over as a {@link JdkTlsSecret}, so that the TLS 1.2 PRF run on it, and on the
 * master secret it yields, is the JDK's HMAC: OpenSSL's {@code EVP_PKEY_derive} feeding its own PRF.
 */
final class JdkSecretAgreement implements TlsAgreement {
    private final BcTlsCrypto crypto;
    private final TlsAgreement agreement;

    JdkSecretAgreement(BcTlsCrypto crypto, TlsAgreement agreement) {
        this.crypto = crypto;
        this.agreement = agreement;
    }

    @Override
    public byte[] generateEphemeral() throws IOException {
        return agreement.generateEphemeral();
    }

    @Override
    public void receivePeerValue(byte[] peerValue) throws IOException {
        agreement.receivePeerValue(peerValue);
    }

    /** {@code extract()} takes the bytes out of Bouncy Castle's secret and destroys it: one live copy, as before. */
    @Override
    public TlsSecret calculateSecret() throws IOException {
        TlsSecret secret = agreement.calculateSecret();
        return secret instanceof JdkTlsSecret ? secret : new JdkTlsSecret(crypto, secret.extract());
    }
}
