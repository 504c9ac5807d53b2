package dev.niotls.tls.context;

import dev.niotls.tls.context.PerThreadCrypto.Algorithm;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.AbstractTlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsSecret;

/**
 * A Bouncy Castle secret whose HKDF (RFC 5869, the TLS 1.3 key schedule of RFC 8446 section 7.1) and TLS 1.2 PRF
 * (RFC 5246 section 5) run on the JDK's intrinsified HMAC, borrowed from {@link PerThreadCrypto} for the one call.
 *
 * <p>Why a {@link BcTlsSecret}: the hybrid crypto's key exchange (Bouncy Castle's X25519/ECDH) produces BC secrets
 * and BC's own code converts any secret it meets to one; extending it keeps every BC path working, and only the
 * HMAC underneath changes. Every secret that HKDF derives from a {@code JdkTlsSecret} is one again, so a TLS 1.3
 * key schedule that starts at {@link HybridTlsCrypto#hkdfInit} stays on the JDK's HMAC throughout.
 */
final class JdkTlsSecret extends BcTlsSecret {
    JdkTlsSecret(BcTlsCrypto crypto, byte[] data) {
        super(crypto, data);
    }

    /** RFC 5869 section 2.3: T(i) = HMAC(PRK, T(i-1) | info | i), written straight into the output. */
    @Override
    public synchronized TlsSecret hkdfExpand(int cryptoHashAlgorithm, byte[] info, int length) {
        Algorithm algorithm = hmacOf(cryptoHashAlgorithm);
        if (algorithm == null) {
            return super.hkdfExpand(cryptoHashAlgorithm, info, length);
        }
        if (length < 1) {
            return new JdkTlsSecret(crypto, TlsUtils.EMPTY_BYTES);
        }
        int hashLength = TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm);
        if (length > 255 * hashLength) {
            throw new IllegalArgumentException("'length' must be <= 255 * (output size of 'hashAlgorithm')");
        }
        checkAlive();
        byte[] okm = new byte[length];
        try {
            Mac mac = keyed(algorithm, data, 0, data.length);
            int pos = 0;
            for (int counter = 1; pos < length; counter++) {
                if (pos > 0) {
                    mac.update(okm, pos - hashLength, hashLength);
                }
                mac.update(info, 0, info.length);
                mac.update((byte) counter);
                if (length - pos >= hashLength) {
                    mac.doFinal(okm, pos);
                    pos += hashLength;
                } else {
                    byte[] t = mac.doFinal();
                    System.arraycopy(t, 0, okm, pos, length - pos);
                    pos = length;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Expand with " + algorithm.jdkName(), e);
        }
        return new JdkTlsSecret(crypto, okm);
    }

    /** RFC 5869 section 2.2: PRK = HMAC(salt, IKM), salt being this secret, consumed as Bouncy Castle does. */
    @Override
    public synchronized TlsSecret hkdfExtract(int cryptoHashAlgorithm, TlsSecret ikm) {
        Algorithm algorithm = hmacOf(cryptoHashAlgorithm);
        if (algorithm == null) {
            return super.hkdfExtract(cryptoHashAlgorithm, ikm);
        }
        if (!(ikm instanceof AbstractTlsSecret)) {
            throw new IllegalArgumentException("unrecognized TlsSecret - cannot copy data: " + ikm.getClass());
        }
        checkAlive();
        byte[] salt = data;
        this.data = null;
        byte[] input = copyData((AbstractTlsSecret) ikm);
        try {
            Mac mac = keyed(algorithm, salt, 0, salt.length);
            mac.update(input);
            return new JdkTlsSecret(crypto, mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Extract with " + algorithm.jdkName(), e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Bouncy Castle's PRF and TLS 1.3 labels (it calls {@link #hmacHash} and {@link #hkdfExpand} here), but the result
     * is a {@code JdkTlsSecret} again: BC returns a plain {@code BcTlsSecret} from a package-private factory, so a
     * TLS 1.2 master secret, its key block and its Finished would be computed with BC's {@code HMac} (issue 11).
     */
    @Override
    public synchronized TlsSecret deriveUsingPRF(int prfAlgorithm, String label, byte[] seed, int length) {
        TlsSecret derived = super.deriveUsingPRF(prfAlgorithm, label, seed, length);
        return derived instanceof JdkTlsSecret ? derived : new JdkTlsSecret(crypto, derived.extract());
    }

    /** The TLS 1.2 PRF's P_hash (RFC 5246 section 5): A(i) = HMAC(secret, A(i-1)), output HMAC(secret, A(i) | seed). */
    @Override
    protected void hmacHash(int cryptoHashAlgorithm, byte[] secret, int secretOff, int secretLen, byte[] seed,
            byte[] output) {
        Algorithm algorithm = hmacOf(cryptoHashAlgorithm);
        if (algorithm == null) {
            super.hmacHash(cryptoHashAlgorithm, secret, secretOff, secretLen, seed, output);
            return;
        }
        try {
            Mac mac = keyed(algorithm, secret, secretOff, secretLen);
            int macLength = mac.getMacLength();
            byte[] a = new byte[macLength];
            byte[] b = new byte[macLength];
            mac.update(seed);
            mac.doFinal(a, 0);
            for (int pos = 0; pos < output.length; pos += macLength) {
                mac.update(a);
                mac.update(seed);
                mac.doFinal(b, 0);
                System.arraycopy(b, 0, output, pos, Math.min(macLength, output.length - pos));
                if (pos + macLength < output.length) {
                    // A(i+1) only when another block follows: the last one would be an HMAC computed for nothing
                    // (a quarter to a third of the PRF's HMACs for a key block or a Finished).
                    mac.update(a);
                    mac.doFinal(a, 0);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS PRF with " + algorithm.jdkName(), e);
        }
    }

    /**
     * This thread's HMAC keyed with {@code key}. An empty key is HMAC's all-zero key (RFC 2104 pads keys with zeros;
     * RFC 5869 section 2.2's absent salt); the JDK's key spec refuses an empty array.
     */
    private static Mac keyed(Algorithm algorithm, byte[] key, int offset, int length)
            throws GeneralSecurityException {
        Mac mac = PerThreadCrypto.mac(algorithm);
        SecretKeySpec spec = length == 0 ? new SecretKeySpec(new byte[1], algorithm.jdkName())
                : new SecretKeySpec(key, offset, length, algorithm.jdkName());
        mac.init(spec);
        return mac;
    }

    /** The JDK HMAC for a Bouncy Castle hash id, or null for hashes left to Bouncy Castle (MD5, SHA-1, SM3). */
    static Algorithm hmacOf(int cryptoHashAlgorithm) {
        switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha256:
                return Algorithm.HMAC_SHA256;
            case CryptoHashAlgorithm.sha384:
                return Algorithm.HMAC_SHA384;
            case CryptoHashAlgorithm.sha512:
                return Algorithm.HMAC_SHA512;
            default:
                return null;
        }
    }
}
