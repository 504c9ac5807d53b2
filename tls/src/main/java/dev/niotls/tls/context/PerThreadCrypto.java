package dev.niotls.tls.context;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The JDK's {@link Cipher}, {@link Mac} and {@link MessageDigest} objects of the calling thread, created once per
 * thread and lent out for one operation at a time: what OpenSSL keeps per {@code EVP_CIPHER_CTX}, shared here by
 * every connection a thread (an event loop) serves.
 *
 * <p>Why: a {@code Cipher.getInstance} walks the provider list and leaves a {@code Cipher} with its
 * {@code Transform}/{@code ServiceId} look-up state behind (about 1 KiB); one per direction per connection was most of
 * an idle TLS 1.2 connection's heap (issue 10). The JDK's AES-GCM and HMAC re-key cheaply, so re-initialising the
 * thread's object for every record costs what Bouncy Castle's own per-record {@code init} already cost.
 *
 * <p>The contract, for every caller: borrow, initialise with your key, finish the operation ({@code doFinal}), and
 * let go, all within one call that does not re-enter TLS code. Never keep the object in a field, never hand it
 * to another thread, never leave it half-way through an operation: the next borrower on this thread re-initialises
 * it and would see nothing of yours, and you nothing of theirs.
 *
 * <p>Public for the TLS 1.3 record layer ({@code dev.niotls.tls.record}: its AEADs and HKDF); the handshake's crypto
 * uses it through {@link JdkTlsSecret} (HKDF) and {@link BorrowedAead} (TLS 1.2 records).
 */
public final class PerThreadCrypto {
    /** The JDK names of what is lent; the ordinal indexes the thread's slots. */
    public enum Algorithm {
        AES_GCM("AES/GCM/NoPadding"),
        CHACHA20_POLY1305("ChaCha20-Poly1305"),
        HMAC_SHA256("HmacSHA256"),
        HMAC_SHA384("HmacSHA384"),
        HMAC_SHA512("HmacSHA512"),
        SHA256("SHA-256"),
        SHA384("SHA-384"),
        SHA512("SHA-512");

        private final String jdkName;

        Algorithm(String jdkName) {
            this.jdkName = jdkName;
        }

        /** The name {@code getInstance} takes. */
        public String jdkName() {
            return jdkName;
        }

        Object newInstance() throws GeneralSecurityException {
            switch (this) {
                case AES_GCM:
                case CHACHA20_POLY1305:
                    return Cipher.getInstance(jdkName);
                case HMAC_SHA256:
                case HMAC_SHA384:
                case HMAC_SHA512:
                    return Mac.getInstance(jdkName);
                default:
                    return MessageDigest.getInstance(jdkName);
            }
        }
    }

    /** One slot per algorithm, plus a second cipher per AEAD: slot {@code ordinal} encrypts, the last ones decrypt. */
    private static final int DECRYPTING = Algorithm.values().length;
    private static final ThreadLocal<Object[]> SLOTS =
            ThreadLocal.withInitial(() -> new Object[2 * Algorithm.values().length]);

    private PerThreadCrypto() {
    }

    /**
     * This thread's cipher for {@code algorithm} ({@link Algorithm#AES_GCM} or {@link Algorithm#CHACHA20_POLY1305})
     * in one direction. Why one per direction: the JDK refuses to initialise a ChaCha20-Poly1305 cipher with the key
     * and nonce of its previous initialisation, whatever the mode ({@code ChaCha20Cipher.checkKeyAndNonce}), and
     * the two ends of an in-memory pair on one thread do exactly that: the client seals record n, the server opens
     * it. A connection never seals twice with one nonce, so the encrypting cipher never trips the check (nor AES-GCM's
     * encryption-only one); the decrypting one would only if one record were opened twice in a row.
     */
    public static Cipher cipher(Algorithm algorithm, boolean encrypting) throws GeneralSecurityException {
        return (Cipher) borrow(algorithm, encrypting ? algorithm.ordinal() : DECRYPTING + algorithm.ordinal());
    }

    /** This thread's HMAC for {@code algorithm} ({@code HMAC_*}); {@code init} it with your key before use. */
    public static Mac mac(Algorithm algorithm) throws GeneralSecurityException {
        return (Mac) borrow(algorithm, algorithm.ordinal());
    }

    /** This thread's digest for {@code algorithm} ({@code SHA*}), reset: a previous borrower always finished. */
    public static MessageDigest messageDigest(Algorithm algorithm) throws GeneralSecurityException {
        return (MessageDigest) borrow(algorithm, algorithm.ordinal());
    }

    private static Object borrow(Algorithm algorithm, int slot) throws GeneralSecurityException {
        Object[] slots = SLOTS.get();
        Object instance = slots[slot];
        if (instance == null) {
            instance = algorithm.newInstance();
            slots[slot] = instance;
        }
        return instance;
    }

    /** Whether the running JDK offers {@code algorithm} (ChaCha20-Poly1305 may be removed by a security policy). */
    public static boolean isAvailable(Algorithm algorithm) {
        try {
            borrow(algorithm, algorithm.ordinal());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
