package dev.niotls.tls.context;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * ChaCha20-Poly1305 (RFC 8439) through the JDK's own {@code "ChaCha20-Poly1305"} cipher (JDK 11+).
 *
 * <p>Why: Bouncy Castle's {@code JcaTlsCrypto} builds this AEAD from the BC-provider-only names "ChaCha7539" and
 * "Poly1305", so with the JDK's providers it reports the algorithm unsupported and silently drops the
 * ChaCha20-Poly1305 suites (see {@code JcaTlsCrypto.isSupportedEncryptionAlgorithm}).
 */
final class JdkChaCha20Poly1305 implements TlsAEADCipherImpl {
    static final String TRANSFORMATION = "ChaCha20-Poly1305";
    private static final int TAG_SIZE = 16;

    private final Cipher cipher;
    private final int mode;
    private SecretKey key;

    JdkChaCha20Poly1305(boolean encrypting) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance(TRANSFORMATION);
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    }

    /** Whether the running JDK has the cipher (every JDK 11+ build does, unless a security policy removed it). */
    static boolean isAvailable() {
        try {
            Cipher.getInstance(TRANSFORMATION);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void setKey(byte[] keyBytes, int keyOff, int keyLen) {
        this.key = new SecretKeySpec(keyBytes, keyOff, keyLen, "ChaCha20");
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        if (macSize != TAG_SIZE) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "ChaCha20-Poly1305 tag size " + macSize);
        }
        try {
            // A fresh nonce per record (RFC 7905 section 2): the JDK refuses key+nonce reuse for encryption.
            cipher.init(mode, key, new IvParameterSpec(nonce));
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return mode == Cipher.ENCRYPT_MODE ? inputLength + TAG_SIZE : Math.max(0, inputLength - TAG_SIZE);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
            int outputOffset) throws IOException {
        try {
            if (additionalData != null && additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
