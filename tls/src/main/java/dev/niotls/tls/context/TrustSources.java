package dev.niotls.tls.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Where trusted certificates come from: a {@link KeyStore}'s certificate entries ({@code keytool -importcert}),
 * a KeyStore file, or the JDK's default trust store ({@code $JAVA_HOME/lib/security/cacerts} or what
 * {@code javax.net.ssl.trustStore} names): the twins of {@code SSL_CTX_load_verify_locations} and
 * {@code SSL_CTX_set_default_verify_paths}.
 */
public final class TrustSources {
    private TrustSources() {
    }

    /** The JDK's default trusted roots, as its default {@code TrustManagerFactory} sees them. */
    public static List<X509Certificate> jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return List.of(((X509TrustManager) manager).getAcceptedIssuers());
                }
            }
            throw new IllegalStateException("the JDK has no default X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's default trust store: " + e.getMessage(), e);
        }
    }

    /** Every certificate of {@code keyStore}: trusted-certificate entries and the chains' certificates. */
    public static List<X509Certificate> of(KeyStore keyStore) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isCertificateEntry(alias)) {
                    Certificate certificate = keyStore.getCertificate(alias);
                    if (certificate instanceof X509Certificate) {
                        certificates.add((X509Certificate) certificate);
                    }
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("unreadable trust KeyStore: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the trust KeyStore has no trusted certificate entry");
        }
        return certificates;
    }

    /** Loads a KeyStore file of {@code type} ("PKCS12", "JKS"); failures name the file and the cause. */
    public static KeyStore load(Path file, String type, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance(type);
            keyStore.load(in, password);
            return keyStore;
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException whose cause is UnrecoverableKeyException.
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException(file + ": cannot load " + type + " KeyStore: " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": cannot load " + type + " KeyStore: " + e.getMessage(), e);
        }
    }
}
