package dev.niotls.tls.context;

import dev.niotls.tls.engine.SessionFacts;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * Protocol versions, cipher suites and named groups by name: the twin of OpenSSL's
 * {@code SSL_CTX_set_min/max_proto_version}, {@code SSL_CTX_set_ciphersuites} / {@code set_cipher_list} and
 * {@code SSL_CTX_set1_groups_list}, but with IANA/JSSE names ({@code TLS_AES_128_GCM_SHA256},
 * {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}; {@code x25519}, {@code secp256r1}).
 */
final class AlgorithmNames {
    /** TLS 1.3 then TLS 1.2 suites: AEAD only, ECDHE only (issue 4's modern defaults). */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * OpenSSL 3's default groups in its order (ssl/t1_lib.c {@code supported_groups_default}, without the finite-field
     * ones): X25519 and P-256 first (a client's key shares go to the first ones), then X448, P-521, P-384.
     */
    public static final List<String> DEFAULT_GROUPS = List.of("x25519", "secp256r1", "x448", "secp521r1", "secp384r1");

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Map<String, Integer> CIPHER_SUITES = constants(CipherSuite.class);
    private static final Map<String, Integer> GROUPS = groupNames();

    private AlgorithmNames() {
    }

    /** The suite numbers, in the order given; unknown names fail naming the culprit. */
    public static int[] cipherSuites(List<String> names) {
        int[] suites = new int[names.size()];
        for (int i = 0; i < suites.length; i++) {
            Integer suite = CIPHER_SUITES.get(names.get(i).toUpperCase(Locale.ROOT));
            if (suite == null) {
                throw new IllegalArgumentException("unknown cipher suite name: " + names.get(i)
                        + " (use IANA/JSSE names such as TLS_AES_128_GCM_SHA256)");
            }
            suites[i] = suite;
        }
        return suites;
    }

    /** The group numbers, in the order given; unknown names fail naming the culprit. */
    public static int[] namedGroups(List<String> names) {
        int[] groups = new int[names.size()];
        for (int i = 0; i < groups.length; i++) {
            Integer group = GROUPS.get(names.get(i).toLowerCase(Locale.ROOT));
            if (group == null) {
                throw new IllegalArgumentException("unknown named group: " + names.get(i)
                        + " (use IANA names such as x25519, secp256r1)");
            }
            groups[i] = group;
        }
        return groups;
    }

    /** "TLSv1.3" and "TLSv1.2" only (SPEC section 1); anything else fails with a clear message. */
    public static ProtocolVersion[] protocols(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("protocols: at least one of TLSv1.3, TLSv1.2 is needed");
        }
        boolean tls13 = false;
        boolean tls12 = false;
        for (String name : names) {
            switch (name) {
                case "TLSv1.3": tls13 = true; break;
                case "TLSv1.2": tls12 = true; break;
                default:
                    throw new IllegalArgumentException("unsupported protocol " + name
                            + ": niotls offers only TLSv1.3 and TLSv1.2 (SSLv2, SSLv3, TLSv1, TLSv1.1 are refused)");
            }
        }
        // Bouncy Castle wants a contiguous range, newest first.
        if (tls13 && tls12) {
            return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
        }
        return new ProtocolVersion[] {tls13 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12};
    }

    /** The IANA name of a suite number (for logs): {@link SessionFacts#cipherSuiteName}, the one table of names. */
    public static String cipherSuiteName(int suite) {
        return SessionFacts.cipherSuiteName(suite);
    }

    private static Map<String, Integer> groupNames() {
        Map<String, Integer> names = new HashMap<>();
        for (Map.Entry<String, Integer> entry : constants(NamedGroup.class).entrySet()) {
            String standard = NamedGroup.getStandardName(entry.getValue());
            names.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
            if (standard != null) {
                names.put(standard.toLowerCase(Locale.ROOT), entry.getValue());
            }
        }
        // The NIST names OpenSSL and the JDK also accept.
        names.put("p-256", NamedGroup.secp256r1);
        names.put("p-384", NamedGroup.secp384r1);
        names.put("p-521", NamedGroup.secp521r1);
        return Map.copyOf(names);
    }

    private static Map<String, Integer> constants(Class<?> holder) {
        Map<String, Integer> constants = new HashMap<>();
        for (Field field : holder.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && field.getType() == int.class) {
                try {
                    constants.putIfAbsent(field.getName().toUpperCase(Locale.ROOT), field.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(constants);
    }
}
