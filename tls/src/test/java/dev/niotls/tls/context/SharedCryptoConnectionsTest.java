package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsContext.CryptoBackend;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Pump;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * Connections of one thread share that thread's JDK ciphers and one nonce generator (issue 10 item 6, issue 11):
 * two connection pairs on one thread interleave their records, in every AEAD suite and both protocol versions,
 * and a connection holds no {@code javax.crypto.Cipher} and no nonce generator of its own.
 */
@Timeout(120)
class SharedCryptoConnectionsTest {

    @ParameterizedTest
    @CsvSource({
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, HYBRID",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, HYBRID",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, HYBRID",
        "TLSv1.3, TLS_AES_128_GCM_SHA256, HYBRID",
        "TLSv1.3, TLS_AES_256_GCM_SHA384, HYBRID",
        "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256, HYBRID",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, JDK",
        "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256, JDK",
    })
    void twoPairsOnOneThreadInterleaveRecords(String protocol, String suite, CryptoBackend backend) {
        TlsContext server = TlsContext.server().selfSigned("localhost").protocols(protocol).cipherSuites(suite)
                .cryptoBackend(backend).build();
        TlsContext client = TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).cipherSuites(suite).cryptoBackend(backend).build();
        TlsConnection[] first = connect(server, client);
        TlsConnection[] second = connect(server, client);
        assertEquals(suite, first[0].cipherSuite());
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] a = new byte[1 + random.nextInt(20_000)];
            byte[] b = new byte[1 + random.nextInt(3_000)];
            random.nextBytes(a);
            random.nextBytes(b);
            // Both clients write before either server reads, then the servers answer in the other order: every
            // record of one connection is sealed or opened between two of the other's on the same thread ciphers.
            writeFully(first[0], a);
            writeFully(second[0], b);
            assertArrayEquals(b, readFully(second[1], b.length));
            assertArrayEquals(a, readFully(first[1], a.length));
            writeFully(second[1], a);
            writeFully(first[1], b);
            assertArrayEquals(b, readFully(first[0], b.length));
            assertArrayEquals(a, readFully(second[0], a.length));
        }
    }

    /** A reachability check, not a heap figure: what a connection refers to after the handshake. */
    @ParameterizedTest
    @CsvSource({"TLSv1.2, HYBRID", "TLSv1.3, HYBRID", "TLSv1.2, JDK"})
    void connectionsHoldNoCipherAndShareTheNonceGenerator(String protocol, CryptoBackend backend) {
        TlsContext server = TlsContext.server().selfSigned("localhost").protocols(protocol).cryptoBackend(backend)
                .build();
        TlsContext client = TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).cryptoBackend(backend).build();
        TlsConnection[] first = connect(server, client);
        TlsConnection[] second = connect(server, client);
        writeFully(first[0], new byte[100]);
        readFully(first[1], 100);
        Map<Object, Boolean> reachedFirst = reachable(first[1]);
        Map<Object, Boolean> reachedSecond = reachable(second[1]);
        List<String> classes = new ArrayList<>();
        TlsNonceGenerator firstGenerator = null;
        for (Object object : reachedFirst.keySet()) {
            classes.add(object.getClass().getName());
            if (object instanceof TlsNonceGenerator) {
                firstGenerator = (TlsNonceGenerator) object;
            }
        }
        assertFalse(classes.contains("javax.crypto.Cipher"), "a Cipher is reachable from the connection");
        assertFalse(classes.stream().anyMatch(name -> name.endsWith("JceAEADCipherImpl")), classes.toString());
        assertFalse(classes.stream().anyMatch(name -> name.endsWith("DigestRandomGenerator")), classes.toString());
        assertTrue(firstGenerator instanceof ThreadNonceGenerator, String.valueOf(firstGenerator));
        assertTrue(reachedSecond.containsKey(firstGenerator), "the second connection has another nonce generator");
        assertSame(generatorOf(first[0]), generatorOf(second[0]), "two clients of one context share one generator");
    }

    private static Object generatorOf(TlsConnection connection) {
        return reachable(connection).keySet().stream().filter(TlsNonceGenerator.class::isInstance).findFirst()
                .orElseThrow();
    }

    /**
     * Objects reachable through the fields of niotls's and Bouncy Castle's classes; JDK objects are reported but
     * not entered (their fields are closed to reflection), which is enough to see a Cipher a BC object holds.
     */
    private static Map<Object, Boolean> reachable(Object root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> queue = new ArrayList<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            Object object = queue.remove(queue.size() - 1);
            if (object == null || seen.put(object, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = object.getClass();
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(object); i++) {
                        queue.add(Array.get(object, i));
                    }
                }
                continue;
            }
            String name = type.getName();
            if (!name.startsWith("dev.niotls.") && !name.startsWith("org.bouncycastle.")) {
                continue;
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        queue.add(field.get(object));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // a field we may not open: its value stays unexamined
                    }
                }
            }
        }
        return seen;
    }

    private static TlsConnection[] connect(TlsContext server, TlsContext client) {
        BioPair pair = BioPair.create(40_000, 40_000);
        TlsConnection c = client.newConnection(pair.first());
        TlsConnection s = server.newConnection(pair.second());
        c.setConnectState();
        s.setAcceptState();
        new Pump(c, s).handshake();
        return new TlsConnection[] {c, s};
    }

    private static void writeFully(TlsConnection connection, byte[] data) {
        ByteBuffer src = ByteBuffer.wrap(data);
        while (src.hasRemaining()) {
            int ret = connection.write(src);
            if (ret <= 0) {
                throw new AssertionError(connection.getError(ret) + " " + connection.lastReason());
            }
        }
    }

    private static byte[] readFully(TlsConnection connection, int length) {
        ByteBuffer dst = ByteBuffer.allocate(length);
        while (dst.hasRemaining()) {
            int ret = connection.read(dst);
            if (ret <= 0) {
                TlsError error = connection.getError(ret);
                throw new AssertionError(error + " " + connection.lastReason(), connection.lastException());
            }
        }
        return dst.array();
    }
}
