package dev.niotls.tls.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;

/** Reads the facts of an established session out of Bouncy Castle's SecurityParameters. */
public final class SessionFacts {
    private static final Map<Integer, String> CIPHER_SUITE_NAMES = cipherSuiteNames();

    private SessionFacts() {
    }

    /** "TLSv1.3" or "TLSv1.2" (JSSE names, as OpenSSL's SSL_get_version prints them); null before it is known. */
    public static String protocol(SecurityParameters parameters) {
        ProtocolVersion version = parameters.getNegotiatedVersion();
        if (ProtocolVersion.TLSv13.equals(version)) {
            return "TLSv1.3";
        }
        return ProtocolVersion.TLSv12.equals(version) ? "TLSv1.2" : null; // nothing older is negotiated
    }

    /** The IANA name of the negotiated cipher suite, e.g. TLS_AES_128_GCM_SHA256. */
    public static String cipherSuite(SecurityParameters parameters) {
        return cipherSuiteName(parameters.getCipherSuite());
    }

    /** The IANA name of a suite number, or {@code 0x1301}-style hex for one Bouncy Castle does not name. */
    public static String cipherSuiteName(int suite) {
        String name = CIPHER_SUITE_NAMES.get(suite);
        // Not getOrDefault(suite, String.format(...)): that formats on every call, found or not, and was 6% of a
        // resumed TLS 1.2 handshake's server CPU (bench --profile handshakes, 2026-12-06).
        return name != null ? name : String.format("0x%04X", suite);
    }

    public static String applicationProtocol(SecurityParameters parameters) {
        ProtocolName name = parameters.getApplicationProtocol();
        return name == null ? null : name.getUtf8Decoding();
    }

    /** The peer's chain as X.509 certificates, leaf first; empty when the peer sent none. */
    public static List<X509Certificate> peerCertificates(SecurityParameters parameters) throws IOException {
        Certificate chain = parameters.getPeerCertificate();
        if (chain == null || chain.isEmpty()) {
            return List.of();
        }
        byte[][] encoded = new byte[chain.getLength()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = chain.getCertificateAt(i).getEncoded();
        }
        return decode(encoded);
    }

    /** Decodes a chain of DER certificates, leaf first; empty for none. */
    static List<X509Certificate> decode(byte[][] encoded) throws IOException {
        if (encoded.length == 0) {
            return List.of();
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>(encoded.length);
            for (byte[] certificate : encoded) {
                result.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(certificate)));
            }
            return Collections.unmodifiableList(result);
        } catch (CertificateException e) {
            throw new IOException("Cannot decode the peer's certificate", e);
        }
    }

    /** Bouncy Castle has no name lookup; its constants carry the IANA names. Read them once. */
    private static Map<Integer, String> cipherSuiteNames() {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : CipherSuite.class.getFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() == int.class && Modifier.isStatic(modifiers) && field.getName().startsWith("TLS_")) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
