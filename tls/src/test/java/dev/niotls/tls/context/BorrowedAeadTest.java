package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The AEADs that borrow the thread's JDK cipher: known answers (the GCM specification's test case 4, RFC 8439
 * section 2.8.2), two connections' directions interleaved on one thread, in-place decryption as Bouncy Castle's
 * record layer does it, and a forged tag that leaves the thread's cipher usable.
 */
@Timeout(60)
class BorrowedAeadTest {
    private static final HexFormat HEX = HexFormat.of();

    /** McGrew and Viega, "The Galois/Counter Mode of Operation", test case 4 (AES-128, 60-byte text, AAD). */
    private static final byte[] GCM_KEY = HEX.parseHex("feffe9928665731c6d6a8f9467308308");
    private static final byte[] GCM_IV = HEX.parseHex("cafebabefacedbaddecaf888");
    private static final byte[] GCM_AAD = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    private static final byte[] GCM_PLAIN = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a"
            + "318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    private static final byte[] GCM_SEALED = HEX.parseHex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e23"
            + "29aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091" + "5bc94fbc3221a5db94fae95ae7121a47");

    /** RFC 8439 section 2.8.2. */
    private static final byte[] CHACHA_KEY = HEX.parseHex(
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] CHACHA_NONCE = HEX.parseHex("070000004041424344454647");
    private static final byte[] CHACHA_AAD = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
    private static final byte[] CHACHA_PLAIN = ("Ladies and Gentlemen of the class of '99: If I could offer you only"
            + " one tip for the future, sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHACHA_SEALED = HEX.parseHex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a7"
            + "36ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58"
            + "fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691");

    @Test
    void aesGcmKnownAnswer() throws Exception {
        assertArrayEquals(GCM_SEALED, seal(BorrowedAead.aesGcm(true), GCM_KEY, GCM_IV, GCM_AAD, GCM_PLAIN));
        assertArrayEquals(GCM_PLAIN, open(BorrowedAead.aesGcm(false), GCM_KEY, GCM_IV, GCM_AAD, GCM_SEALED));
    }

    @Test
    void chaCha20Poly1305KnownAnswer() throws Exception {
        assertArrayEquals(CHACHA_SEALED, seal(BorrowedAead.chaCha20Poly1305(true), CHACHA_KEY, CHACHA_NONCE,
                CHACHA_AAD, CHACHA_PLAIN));
        assertArrayEquals(CHACHA_PLAIN, open(BorrowedAead.chaCha20Poly1305(false), CHACHA_KEY, CHACHA_NONCE,
                CHACHA_AAD, CHACHA_SEALED));
    }

    /**
     * Two connections on one thread, each with its own key: their inits and doFinals interleave (A init, B init,
     * A doFinal, B doFinal), and each still gets its own key and nonce, because the thread's cipher is keyed only
     * inside doFinal.
     */
    @Test
    void twoConnectionsInterleaveOnTheThreadsCipher() throws Exception {
        byte[] otherKey = GCM_KEY.clone();
        otherKey[0] ^= 1;
        BorrowedAead a = BorrowedAead.aesGcm(true);
        BorrowedAead b = BorrowedAead.aesGcm(true);
        a.setKey(GCM_KEY, 0, 16);
        b.setKey(otherKey, 0, 16);
        byte[] nonceB = GCM_IV.clone();
        nonceB[11] ^= 1;
        a.init(GCM_IV.clone(), 16);
        b.init(nonceB, 16);
        byte[] outA = new byte[GCM_PLAIN.length + 16];
        byte[] outB = new byte[GCM_PLAIN.length + 16];
        a.doFinal(GCM_AAD, GCM_PLAIN, 0, GCM_PLAIN.length, outA, 0);
        b.doFinal(GCM_AAD, GCM_PLAIN, 0, GCM_PLAIN.length, outB, 0);
        assertArrayEquals(GCM_SEALED, outA);
        javax.crypto.Cipher independent = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        independent.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(otherKey, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonceB));
        independent.updateAAD(GCM_AAD);
        assertArrayEquals(independent.doFinal(GCM_PLAIN), outB);
        assertArrayEquals(GCM_PLAIN, open(BorrowedAead.aesGcm(false), otherKey, nonceB, GCM_AAD, outB));
    }

    /** Bouncy Castle decrypts records in place (output = input array, same offset). */
    @Test
    void decryptsInPlaceAtAnOffset() throws Exception {
        byte[] record = new byte[5 + GCM_SEALED.length];
        System.arraycopy(GCM_SEALED, 0, record, 5, GCM_SEALED.length);
        BorrowedAead aead = BorrowedAead.aesGcm(false);
        aead.setKey(GCM_KEY, 0, 16);
        aead.init(GCM_IV.clone(), 16);
        assertEquals(GCM_PLAIN.length, aead.getOutputSize(GCM_SEALED.length));
        int n = aead.doFinal(GCM_AAD, record, 5, GCM_SEALED.length, record, 5);
        assertArrayEquals(GCM_PLAIN, Arrays.copyOfRange(record, 5, 5 + n));
    }

    @Test
    void forgedTagIsBadRecordMacAndTheThreadsCipherStaysUsable() throws Exception {
        byte[] forged = GCM_SEALED.clone();
        forged[forged.length - 1] ^= 1;
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class,
                () -> open(BorrowedAead.aesGcm(false), GCM_KEY, GCM_IV, GCM_AAD, forged));
        assertEquals(AlertDescription.bad_record_mac, alert.getAlertDescription());
        assertArrayEquals(GCM_PLAIN, open(BorrowedAead.aesGcm(false), GCM_KEY, GCM_IV, GCM_AAD, GCM_SEALED));
    }

    @Test
    void doFinalWithoutInitIsInternalError() {
        BorrowedAead aead = BorrowedAead.aesGcm(true);
        aead.setKey(GCM_KEY, 0, 16);
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class,
                () -> aead.doFinal(null, new byte[1], 0, 1, new byte[17], 0));
        assertEquals(AlertDescription.internal_error, alert.getAlertDescription());
    }

    private static byte[] seal(BorrowedAead aead, byte[] key, byte[] nonce, byte[] aad, byte[] plain)
            throws Exception {
        aead.setKey(key, 0, key.length);
        aead.init(nonce.clone(), 16);
        byte[] out = new byte[aead.getOutputSize(plain.length)];
        assertEquals(out.length, aead.doFinal(aad, plain, 0, plain.length, out, 0));
        return out;
    }

    private static byte[] open(BorrowedAead aead, byte[] key, byte[] nonce, byte[] aad, byte[] sealed)
            throws Exception {
        aead.setKey(key, 0, key.length);
        aead.init(nonce.clone(), 16);
        byte[] out = new byte[aead.getOutputSize(sealed.length)];
        assertEquals(out.length, aead.doFinal(aad, sealed, 0, sealed.length, out, 0));
        return out;
    }
}
