package dev.niotls.tls.context;

import dev.niotls.tls.context.PerThreadCrypto.Algorithm;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * One direction of a connection's AES-GCM or ChaCha20-Poly1305 (RFC 5288, RFC 7905, RFC 8446 section 5.2) for
 * Bouncy Castle's record layer, holding only the key: the JDK {@link Cipher} is the thread's, borrowed from
 * {@link PerThreadCrypto} for the one {@code doFinal} of a record.
 *
 * <p>Why: Bouncy Castle's {@code JceAEADCipherImpl} keeps a {@code Cipher} per direction per connection, about
 * 1 KiB each with its provider look-up state, and looks up {@code AlgorithmParameters} at every record (issue 10,
 * item 6). Bouncy Castle calls {@link #init} and then {@link #doFinal} for the same record with nothing in between,
 * but the borrowed cipher is initialised only inside {@code doFinal}, so no other connection of this thread can
 * ever see it half-initialised. {@link #getOutputSize} is therefore arithmetic: both AEADs add exactly the tag.
 *
 * <p>ChaCha20-Poly1305 goes through the JDK's own {@code "ChaCha20-Poly1305"} cipher (JDK 11+): Bouncy Castle's
 * {@code JcaTlsCrypto} builds it from the BC-provider-only names "ChaCha7539" and "Poly1305", so with the JDK's
 * providers it would report the suites unsupported.
 */
final class BorrowedAead implements TlsAEADCipherImpl {
    private static final int TAG_SIZE = 16;

    /** Four fields, 32 bytes: two of these are all an idle connection keeps of its AEAD beyond BC's nonces. */
    private final Algorithm algorithm;
    private final int mode;
    private SecretKeySpec key;
    private byte[] nonce;

    private BorrowedAead(Algorithm algorithm, boolean encrypting) {
        this.algorithm = algorithm;
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    }

    /** AES-GCM; Bouncy Castle's TlsAEADCipher sizes the key (16 or 32 bytes) from the suite. */
    static BorrowedAead aesGcm(boolean encrypting) {
        return new BorrowedAead(Algorithm.AES_GCM, encrypting);
    }

    /** ChaCha20-Poly1305 (a 32-byte key). */
    static BorrowedAead chaCha20Poly1305(boolean encrypting) {
        return new BorrowedAead(Algorithm.CHACHA20_POLY1305, encrypting);
    }

    @Override
    public void setKey(byte[] keyBytes, int keyOff, int keyLen) {
        boolean aes = algorithm == Algorithm.AES_GCM;
        if (aes ? keyLen != 16 && keyLen != 32 : keyLen != 32) {
            throw new IllegalStateException(algorithm.jdkName() + " key of " + keyLen + " bytes");
        }
        this.key = new SecretKeySpec(keyBytes, keyOff, keyLen, aes ? "AES" : "ChaCha20");
    }

    /** Remembers the record's nonce: Bouncy Castle makes a fresh array per record and calls doFinal next. */
    @Override
    public void init(byte[] recordNonce, int macSize) throws IOException {
        if (macSize != TAG_SIZE) {
            throw new TlsFatalAlert(AlertDescription.internal_error, algorithm.jdkName() + " tag size " + macSize);
        }
        this.nonce = recordNonce;
    }

    @Override
    public int getOutputSize(int inputLength) {
        return mode == Cipher.ENCRYPT_MODE ? inputLength + TAG_SIZE : Math.max(0, inputLength - TAG_SIZE);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
            int outputOffset) throws IOException {
        byte[] recordNonce = nonce;
        nonce = null;
        if (recordNonce == null || key == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "AEAD used before init");
        }
        try {
            Cipher cipher = PerThreadCrypto.cipher(algorithm, mode == Cipher.ENCRYPT_MODE);
            // A fresh nonce per record (RFC 5288 section 3, RFC 8446 section 5.3): the JDK refuses an init that
            // repeats the previous key and nonce, which two records sealed in a row never do (see PerThreadCrypto).
            cipher.init(mode, key, parameters(recordNonce));
            if (additionalData != null && additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            // One call for the whole record: the JDK releases no AEAD plaintext before the tag is checked.
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    private AlgorithmParameterSpec parameters(byte[] recordNonce) {
        return algorithm == Algorithm.AES_GCM ? new GCMParameterSpec(TAG_SIZE * 8, recordNonce)
                : new IvParameterSpec(recordNonce);
    }
}
