package dev.niotls.tls.context;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;

/**
 * The JDK's SHA-256/384/512 and their HMACs (whose compression functions HotSpot intrinsifies) for the hybrid crypto, made by
 * cloning a prototype built once: {@code MessageDigest.getInstance} walks the provider list on every call, a clone
 * copies a few arrays.
 *
 * <p>The prototypes are never updated, only cloned, so every thread may clone them concurrently.
 */
final class JdkDigests {
    private static final MessageDigest SHA256 = prototype("SHA-256");
    private static final MessageDigest SHA384 = prototype("SHA-384");
    private static final MessageDigest SHA512 = prototype("SHA-512");
    private static final Mac HMAC_SHA256 = macPrototype("HmacSHA256");
    private static final Mac HMAC_SHA384 = macPrototype("HmacSHA384");
    private static final Mac HMAC_SHA512 = macPrototype("HmacSHA512");

    private JdkDigests() {
    }

    /** A fresh JDK digest for a Bouncy Castle hash id, or null where Bouncy Castle's own stays (MD5, SHA-1, SM3). */
    static MessageDigest newMessageDigest(int cryptoHashAlgorithm) {
        MessageDigest prototype = prototypeOf(cryptoHashAlgorithm);
        if (prototype == null) {
            return null;
        }
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(prototype.getAlgorithm() + " of " + prototype.getProvider(), e);
        }
    }

    /** A fresh, unkeyed JDK HMAC over a Bouncy Castle hash id, or null where Bouncy Castle's own stays. */
    static Mac newMac(int cryptoHashAlgorithm) {
        Mac prototype;
        switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha256:
                prototype = HMAC_SHA256;
                break;
            case CryptoHashAlgorithm.sha384:
                prototype = HMAC_SHA384;
                break;
            case CryptoHashAlgorithm.sha512:
                prototype = HMAC_SHA512;
                break;
            default:
                return null;
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(prototype.getAlgorithm() + " of " + prototype.getProvider(), e);
        }
    }

    /** The same, as a Bouncy Castle {@code Digest} (for BC's HMAC-based code: signers' RFC 6979 nonces, TLS 1.2 PRF). */
    static ExtendedDigest newDigest(int cryptoHashAlgorithm) {
        MessageDigest digest = newMessageDigest(cryptoHashAlgorithm);
        return digest == null ? null : new Adapter(digest, TlsCryptoUtils.getHashInternalSize(cryptoHashAlgorithm));
    }

    /** A copy of {@code digest}'s running state, or null if it is not one of ours. */
    static ExtendedDigest copy(org.bouncycastle.crypto.Digest digest) {
        if (!(digest instanceof Adapter)) {
            return null;
        }
        Adapter adapter = (Adapter) digest;
        try {
            return new Adapter((MessageDigest) adapter.digest.clone(), adapter.blockSize);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(adapter.getAlgorithmName(), e);
        }
    }

    private static MessageDigest prototypeOf(int cryptoHashAlgorithm) {
        switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha256:
                return SHA256;
            case CryptoHashAlgorithm.sha384:
                return SHA384;
            case CryptoHashAlgorithm.sha512:
                return SHA512;
            default:
                return null;
        }
    }

    private static MessageDigest prototype(String name) {
        try {
            MessageDigest digest = MessageDigest.getInstance(name);
            digest.clone();
            return digest;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            // Every JDK has SHA-2 in SUN and it is cloneable; a policy that removed it leaves nothing to run TLS on.
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Mac macPrototype(String name) {
        try {
            Mac mac = Mac.getInstance(name);
            mac.clone();
            return mac;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A JDK digest behind Bouncy Castle's {@code Digest} interface. */
    private static final class Adapter implements ExtendedDigest {
        private final MessageDigest digest;
        private final int blockSize;

        Adapter(MessageDigest digest, int blockSize) {
            this.digest = digest;
            this.blockSize = blockSize;
        }

        @Override
        public String getAlgorithmName() {
            return digest.getAlgorithm();
        }

        @Override
        public int getDigestSize() {
            return digest.getDigestLength();
        }

        @Override
        public int getByteLength() {
            return blockSize;
        }

        @Override
        public void update(byte in) {
            digest.update(in);
        }

        @Override
        public void update(byte[] in, int inOff, int len) {
            digest.update(in, inOff, len);
        }

        @Override
        public int doFinal(byte[] out, int outOff) {
            try {
                return digest.digest(out, outOff, digest.getDigestLength());
            } catch (DigestException e) {
                throw new org.bouncycastle.crypto.OutputLengthException("output buffer too short");
            }
        }

        @Override
        public void reset() {
            digest.reset();
        }
    }
}
