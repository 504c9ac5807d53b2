package dev.niotls.tls.context;

import java.io.IOException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A Bouncy Castle certificate that keeps the bytes it was parsed from. Bouncy Castle's {@code BcTlsCertificate} keeps
 * only the parsed ASN.1 tree and DER-encodes it again on every {@code getEncoded()}: for each certificate of ours in
 * every Certificate message it sends, and for each of the peer's in verification and the session's facts (issue 11).
 * OpenSSL likewise keeps an {@code X509}'s encoding and the bytes as received are what the peer signed.
 */
final class EncodedCertificate extends BcTlsCertificate {
    private final byte[] encoding;

    /** @param encoding the certificate's DER, owned from now on by this object (never changed afterwards) */
    EncodedCertificate(BcTlsCrypto crypto, byte[] encoding) throws IOException {
        super(crypto, encoding);
        this.encoding = encoding;
    }

    /** A copy, as Bouncy Castle's own hands out a fresh array: callers may keep or change it. */
    @Override
    public byte[] getEncoded() {
        return encoding.clone();
    }
}
