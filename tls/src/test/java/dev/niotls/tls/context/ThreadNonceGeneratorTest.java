package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-thread nonce generator: unique nonces across reseeds and threads, and no leak through its ThreadLocal. */
@Timeout(60)
class ThreadNonceGeneratorTest {

    @Test
    void noncesAreDistinctAcrossReseedsAndThreads() throws Exception {
        ThreadNonceGenerator generator = new ThreadNonceGenerator(new SecureRandom());
        Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
        Runnable draw = () -> {
            for (int i = 0; i < 3_000; i++) { // across two reseeds (every 1,024 nonces)
                byte[] nonce = generator.generateNonce(32);
                assertEquals(32, nonce.length);
                seen.add(new BigInteger(1, nonce));
            }
        };
        Thread[] threads = {new Thread(draw), new Thread(draw), new Thread(draw)};
        for (Thread thread : threads) {
            thread.start();
        }
        draw.run();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(4 * 3_000, seen.size());
    }

    /** A context that is dropped takes its generator with it, even from threads that used it. */
    @Test
    void aDroppedGeneratorIsNotKeptByTheThreadsThatUsedIt() throws Exception {
        WeakReference<ThreadNonceGenerator> dropped = useAndDrop();
        Set<Object> pressure = new HashSet<>();
        for (int i = 0; i < 50 && dropped.get() != null; i++) {
            System.gc();
            pressure.add(new byte[1024]);
            Thread.sleep(20);
        }
        assertNull(dropped.get(), "the thread's ThreadLocal value keeps the generator alive");
    }

    private static WeakReference<ThreadNonceGenerator> useAndDrop() {
        ThreadNonceGenerator generator = new ThreadNonceGenerator(new SecureRandom());
        generator.generateNonce(32);
        return new WeakReference<>(generator);
    }
}
