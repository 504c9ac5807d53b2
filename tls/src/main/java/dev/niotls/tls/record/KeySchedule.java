package dev.niotls.tls.record;

import dev.niotls.tls.context.PerThreadCrypto;
import dev.niotls.tls.context.PerThreadCrypto.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * RFC 8446 section 7.1 HKDF-Expand-Label (RFC 5869 HKDF-Expand) with the JDK's {@link Mac}, the thread's own
 * from {@link PerThreadCrypto}: what the record layer needs of the key schedule after the handshake, the traffic keys of a secret
 * (section 7.3) and the next secret of a KeyUpdate (section 7.2, "traffic upd").
 */
final class KeySchedule {
    private static final byte[] LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private KeySchedule() {
    }

    /** HKDF-Expand-Label(secret, label, "", length). */
    static byte[] expandLabel(String hmac, byte[] secret, String label, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        // struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255> = ""; }
        byte[] info = new byte[2 + 1 + LABEL_PREFIX.length + labelBytes.length + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) (LABEL_PREFIX.length + labelBytes.length);
        System.arraycopy(LABEL_PREFIX, 0, info, 3, LABEL_PREFIX.length);
        System.arraycopy(labelBytes, 0, info, 3 + LABEL_PREFIX.length, labelBytes.length);
        return expand(hmac, secret, info, length);
    }

    /** RFC 5869 section 2.3: T(i) = HMAC(PRK, T(i-1) | info | i), the first {@code length} bytes of T. */
    private static byte[] expand(String hmac, byte[] prk, byte[] info, int length) {
        try {
            Mac mac = PerThreadCrypto.mac("HmacSHA384".equals(hmac) ? Algorithm.HMAC_SHA384 : Algorithm.HMAC_SHA256);
            mac.init(new Prk(hmac, prk));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) i);
                byte[] next = mac.doFinal();
                Arrays.fill(block, (byte) 0);
                block = next;
                int count = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, count);
                done += count;
            }
            Arrays.fill(block, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " failed", e);
        }
    }

    /** The hash length of the suite's HMAC: the length of its secrets. */
    static int hashLength(String hmac) {
        return "HmacSHA384".equals(hmac) ? 48 : 32;
    }

    /**
     * The secret as a key without a copy of its own: {@code SecretKeySpec} would clone the secret into an array
     * nobody wipes; the JDK's HMAC wipes the copy {@link #getEncoded()} hands it.
     */
    private static final class Prk implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final String algorithm;
        private final transient byte[] secret;

        Prk(String algorithm, byte[] secret) {
            this.algorithm = algorithm;
            this.secret = secret;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return secret.clone();
        }
    }
}
