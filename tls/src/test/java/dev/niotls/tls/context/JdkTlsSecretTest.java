package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.TlsHMAC;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hybrid crypto's JDK-backed HKDF, TLS 1.2 PRF, hashes and HMACs: RFC 5869's vectors, and agreement with Bouncy
 * Castle's pure-Java implementations on random inputs for SHA-256/384/512.
 */
@Timeout(60)
class JdkTlsSecretTest {
    private static final HexFormat HEX = HexFormat.of();
    private final HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
    private final BcTlsCrypto reference = new BcTlsCrypto(new SecureRandom());

    /** RFC 5869 appendix A.1: basic test case with SHA-256. */
    @Test
    void hkdfMatchesRfc5869BasicCase() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        TlsSecret prk = crypto.createSecret(salt).hkdfExtract(CryptoHashAlgorithm.sha256, crypto.createSecret(ikm));
        assertInstanceOf(JdkTlsSecret.class, prk);
        TlsSecret okm = prk.hkdfExpand(CryptoHashAlgorithm.sha256, info, 42);
        assertInstanceOf(JdkTlsSecret.class, okm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HEX.formatHex(prk.extract()));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(okm.extract()));
    }

    /** RFC 5869 appendix A.3: zero-length salt and info (the JDK's key spec refuses an empty key). */
    @Test
    void hkdfMatchesRfc5869EmptySaltCase() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        TlsSecret prk = crypto.createSecret(new byte[0]).hkdfExtract(CryptoHashAlgorithm.sha256,
                crypto.createSecret(ikm));
        TlsSecret okm = prk.hkdfExpand(CryptoHashAlgorithm.sha256, new byte[0], 42);
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", HEX.formatHex(prk.extract()));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HEX.formatHex(okm.extract()));
    }

    /** RFC 5869 appendix A.2: long inputs, and an output of several blocks that does not end on a block. */
    @Test
    void hkdfMatchesRfc5869LongCase() {
        byte[] ikm = range(0x00, 80);
        byte[] salt = range(0x60, 80);
        byte[] info = range(0xb0, 80);
        TlsSecret prk = crypto.createSecret(salt).hkdfExtract(CryptoHashAlgorithm.sha256, crypto.createSecret(ikm));
        TlsSecret okm = prk.hkdfExpand(CryptoHashAlgorithm.sha256, info, 82);
        assertEquals("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244", HEX.formatHex(prk.extract()));
        assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87", HEX.formatHex(okm.extract()));
    }

    @Test
    void hkdfAgreesWithBouncyCastleForEveryHashAndLength() {
        Random random = new Random(11);
        for (int hash : new int[] {CryptoHashAlgorithm.sha256, CryptoHashAlgorithm.sha384,
                CryptoHashAlgorithm.sha512}) {
            for (int length = 1; length <= 200; length += 7) {
                byte[] salt = bytes(random, random.nextInt(150));
                byte[] ikm = bytes(random, 1 + random.nextInt(100));
                byte[] info = bytes(random, random.nextInt(60));
                byte[] ours = crypto.createSecret(salt).hkdfExtract(hash, crypto.createSecret(ikm))
                        .hkdfExpand(hash, info, length).extract();
                byte[] theirs = reference.createSecret(salt).hkdfExtract(hash, reference.createSecret(ikm))
                        .hkdfExpand(hash, info, length).extract();
                assertArrayEquals(theirs, ours, "hash " + hash + " length " + length);
            }
        }
    }

    /** The TLS 1.3 key schedule's first steps, as Bouncy Castle runs them: hkdfInit, extract, Expand-Label. */
    @Test
    void tls13KeyScheduleStaysOnTheJdkAndAgreesWithBouncyCastle() throws Exception {
        byte[] shared = bytes(new Random(3), 32);
        byte[] context = bytes(new Random(4), 48);
        TlsSecret ours = crypto.hkdfInit(CryptoHashAlgorithm.sha384).hkdfExtract(CryptoHashAlgorithm.sha384,
                crypto.hkdfInit(CryptoHashAlgorithm.sha384));
        TlsSecret theirs = reference.hkdfInit(CryptoHashAlgorithm.sha384).hkdfExtract(CryptoHashAlgorithm.sha384,
                reference.hkdfInit(CryptoHashAlgorithm.sha384));
        ours = TlsCryptoUtils.hkdfExpandLabel(ours, CryptoHashAlgorithm.sha384, "derived", context, 48)
                .hkdfExtract(CryptoHashAlgorithm.sha384, reference.createSecret(shared));
        theirs = TlsCryptoUtils.hkdfExpandLabel(theirs, CryptoHashAlgorithm.sha384, "derived", context, 48)
                .hkdfExtract(CryptoHashAlgorithm.sha384, reference.createSecret(shared));
        assertInstanceOf(JdkTlsSecret.class, ours);
        assertArrayEquals(theirs.extract(), ours.extract());
    }

    /** RFC 5246 section 5's PRF (P_SHA256 and P_SHA384), against Bouncy Castle's. */
    @Test
    void tls12PrfAgreesWithBouncyCastle() {
        Random random = new Random(5);
        for (int prf : new int[] {PRFAlgorithm.tls_prf_sha256, PRFAlgorithm.tls_prf_sha384}) {
            for (int length : new int[] {12, 40, 48, 72, 100}) {
                byte[] secret = bytes(random, 48);
                byte[] seed = bytes(random, 64);
                byte[] ours = crypto.createSecret(secret).deriveUsingPRF(prf, "key expansion", seed, length)
                        .extract();
                byte[] theirs = reference.createSecret(secret).deriveUsingPRF(prf, "key expansion", seed, length)
                        .extract();
                assertArrayEquals(theirs, ours, "prf " + prf + " length " + length);
            }
        }
    }

    /**
     * Issue 11: the hybrid crypto's key agreements hand their shared secret over as a JDK secret, and a TLS 1.2
     * master secret derived from it stays one, with the values Bouncy Castle's own crypto computes.
     */
    @Test
    void agreementsAndTls12DerivationStayOnTheJdk() throws Exception {
        for (int group : new int[] {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.x448,
                NamedGroup.ffdhe2048}) {
            TlsAgreement server;
            TlsAgreement client;
            if (NamedGroup.refersToASpecificFiniteField(group)) {
                server = crypto.createDHDomain(new TlsDHConfig(group, false)).createDH();
                client = reference.createDHDomain(new TlsDHConfig(group, false)).createDH();
            } else {
                server = crypto.createECDomain(new TlsECConfig(group)).createECDH();
                client = reference.createECDomain(new TlsECConfig(group)).createECDH();
            }
            byte[] serverShare = server.generateEphemeral();
            client.receivePeerValue(serverShare);
            server.receivePeerValue(client.generateEphemeral());
            TlsSecret premaster = server.calculateSecret();
            assertInstanceOf(JdkTlsSecret.class, premaster, NamedGroup.getName(group));
            TlsSecret clientPremaster = client.calculateSecret();
            byte[] seed = bytes(new Random(group), 64);
            TlsSecret master = premaster.deriveUsingPRF(PRFAlgorithm.tls_prf_sha256, "extended master secret", seed,
                    48);
            assertInstanceOf(JdkTlsSecret.class, master, NamedGroup.getName(group));
            TlsSecret clientMaster = clientPremaster.deriveUsingPRF(PRFAlgorithm.tls_prf_sha256,
                    "extended master secret", seed, 48);
            assertArrayEquals(clientMaster.deriveUsingPRF(PRFAlgorithm.tls_prf_sha256, "key expansion", seed, 40)
                    .extract(), master.deriveUsingPRF(PRFAlgorithm.tls_prf_sha256, "key expansion", seed, 40)
                    .extract(), NamedGroup.getName(group));
        }
    }

    /** TLS 1.3's labels through deriveUsingPRF (Bouncy Castle's HKDF-Expand-Label) also stay on the JDK. */
    @Test
    void tls13LabelsThroughDeriveUsingPrfStayOnTheJdk() {
        byte[] secret = bytes(new Random(7), 32);
        byte[] context = bytes(new Random(8), 32);
        TlsSecret ours = crypto.createSecret(secret).deriveUsingPRF(PRFAlgorithm.tls13_hkdf_sha256, "c hs traffic",
                context, 32);
        TlsSecret theirs = reference.createSecret(secret).deriveUsingPRF(PRFAlgorithm.tls13_hkdf_sha256,
                "c hs traffic", context, 32);
        assertInstanceOf(JdkTlsSecret.class, ours);
        assertArrayEquals(theirs.extract(), ours.extract());
    }

    /** BC secrets (from its X25519) still derive correctly through the JDK digests under BC's own HMAC. */
    @Test
    void bouncyCastleSecretsDeriveThroughJdkDigests() {
        byte[] secret = bytes(new Random(6), 32);
        BcTlsSecret bc = (BcTlsSecret) new BcTlsSecret(crypto, secret.clone());
        byte[] ours = bc.deriveUsingPRF(PRFAlgorithm.tls_prf_sha384, "master secret", new byte[64], 48).extract();
        byte[] theirs = reference.createSecret(secret).deriveUsingPRF(PRFAlgorithm.tls_prf_sha384, "master secret",
                new byte[64], 48).extract();
        assertArrayEquals(theirs, ours);
    }

    @Test
    void hashesAndHmacsAgreeWithBouncyCastleIncludingClones() {
        Random random = new Random(7);
        for (int hash : new int[] {CryptoHashAlgorithm.sha256, CryptoHashAlgorithm.sha384}) {
            byte[] first = bytes(random, 300);
            byte[] second = bytes(random, 77);
            TlsHash ours = crypto.createHash(hash);
            TlsHash theirs = reference.createHash(hash);
            ours.update(first, 0, first.length);
            theirs.update(first, 0, first.length);
            TlsHash ourClone = ours.cloneHash();
            assertArrayEquals(theirs.cloneHash().calculateHash(), ourClone.calculateHash());
            ours.update(second, 0, second.length);
            theirs.update(second, 0, second.length);
            assertArrayEquals(theirs.calculateHash(), ours.calculateHash());

            TlsHMAC ourMac = crypto.createHMACForHash(hash);
            TlsHMAC theirMac = reference.createHMACForHash(hash);
            ourMac.setKey(second, 0, second.length);
            theirMac.setKey(second, 0, second.length);
            ourMac.update(first, 0, first.length);
            theirMac.update(first, 0, first.length);
            assertArrayEquals(theirMac.calculateMAC(), ourMac.calculateMAC());
            assertEquals(theirMac.getInternalBlockSize(), ourMac.getInternalBlockSize());

            org.bouncycastle.crypto.Digest digest = crypto.createDigest(hash);
            org.bouncycastle.crypto.Digest bcDigest = reference.createDigest(hash);
            digest.update(first, 0, first.length);
            bcDigest.update(first, 0, first.length);
            byte[] a = new byte[digest.getDigestSize()];
            byte[] b = new byte[bcDigest.getDigestSize()];
            crypto.cloneDigest(hash, digest).doFinal(a, 0);
            bcDigest.doFinal(b, 0);
            assertArrayEquals(b, a);
        }
    }

    private static byte[] range(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
