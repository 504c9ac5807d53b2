package dev.niotls.tls.context;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Identities from a {@link KeyStore} (PKCS12, JKS): every private-key entry with its certificate chain, in
 * alias order; the twin of loading a PKCS#12 with {@code PKCS12_parse} and {@code SSL_CTX_use_cert_and_key}.
 */
public final class KeyStoreIdentities {
    private KeyStoreIdentities() {
    }

    public static List<Identity> of(KeyStore keyStore, char[] password) {
        List<Identity> identities = new ArrayList<>();
        try {
            List<String> aliases = new ArrayList<>(Collections.list(keyStore.aliases()));
            Collections.sort(aliases);
            for (String alias : aliases) {
                if (keyStore.isKeyEntry(alias)) {
                    identities.add(identity(keyStore, alias, password));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable KeyStore: " + e.getMessage(), e);
        }
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("the KeyStore has no private key entry");
        }
        return identities;
    }

    private static Identity identity(KeyStore keyStore, String alias, char[] password)
            throws GeneralSecurityException {
        Key key;
        try {
            key = keyStore.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("KeyStore entry " + alias + ": cannot recover the key (wrong "
                    + "password?)", e);
        }
        if (!(key instanceof PrivateKey)) {
            throw new IllegalArgumentException("KeyStore entry " + alias + " is not a private key");
        }
        Certificate[] chain = keyStore.getCertificateChain(alias);
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : chain == null ? new Certificate[0] : chain) {
            certificates.add((X509Certificate) certificate);
        }
        return Identity.of(certificates, (PrivateKey) key, "KeyStore entry " + alias);
    }
}
