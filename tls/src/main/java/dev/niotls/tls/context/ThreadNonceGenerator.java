package dev.niotls.tls.context;

import java.security.SecureRandom;
import org.bouncycastle.crypto.prng.DigestRandomGenerator;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;

/**
 * The nonce source (client/server randoms, session IDs) of every connection of one crypto: a SHA-256 hash DRBG
 * per thread, as Bouncy Castle's {@code BcTlsCrypto.createNonceGenerator} builds, but one per thread instead of
 * one per connection, and reseeded from the crypto's {@link SecureRandom} every {@value #RESEED_INTERVAL} nonces.
 *
 * <p>Why: Bouncy Castle asks for a generator in every {@code TlsContext}'s constructor, and each one (a digest, its
 * state and seed arrays; a JDK {@code DRBG} SecureRandom for {@code JcaTlsCrypto}) then lives as long as the
 * connection (issue 10, item 6). Per thread, nothing is shared between event loops and nothing is locked.
 */
final class ThreadNonceGenerator implements TlsNonceGenerator {
    private static final int RESEED_INTERVAL = 1024;
    private static final int SEED_LENGTH = 32;

    private final ThreadLocal<Generator> generators;

    ThreadNonceGenerator(SecureRandom entropy) {
        // The per-thread value must not refer back to this object (and so to the ThreadLocal, its key): a
        // context dropped by the application would otherwise leave its generator in every thread that used it.
        this.generators = ThreadLocal.withInitial(() -> new Generator(entropy));
    }

    @Override
    public byte[] generateNonce(int size) {
        byte[] nonce = new byte[size];
        generators.get().nextBytes(nonce);
        return nonce;
    }

    /** One thread's generator; only its own thread touches it. */
    private static final class Generator {
        private final SecureRandom entropy;
        private final DigestRandomGenerator drbg;
        private int untilReseed;

        Generator(SecureRandom entropy) {
            this.entropy = entropy;
            this.drbg = new DigestRandomGenerator(JdkDigests.newDigest(CryptoHashAlgorithm.sha256));
            drbg.addSeedMaterial(Thread.currentThread().getId());
            drbg.addSeedMaterial(System.nanoTime());
        }

        void nextBytes(byte[] nonce) {
            if (untilReseed-- == 0) {
                byte[] seed = new byte[SEED_LENGTH];
                entropy.nextBytes(seed);
                drbg.addSeedMaterial(seed);
                untilReseed = RESEED_INTERVAL - 1;
            }
            drbg.nextBytes(nonce);
        }
    }
}
