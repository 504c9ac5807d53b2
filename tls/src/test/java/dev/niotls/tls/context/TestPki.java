package dev.niotls.tls.context;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates test PKIs with Bouncy Castle's {@link X509v3CertificateBuilder}: roots, intermediates and leaves,
 * RSA or EC, with chosen names, validity and key usage; and writes keys in every PEM flavour OpenSSL produces.
 * No key material is ever committed: everything is made per test run.
 */
final class TestPki {
    enum KeyType { EC, RSA }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestPki() {
    }

    /** A JDK SSLContext trusting {@code trusted} and, if {@code identity} is not null, presenting it. */
    static SSLContext jdkContext(Identity identity, X509Certificate... trusted) throws Exception {
        KeyManagerFactory keys = null;
        if (identity != null) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("identity", identity.privateKey(), "secret".toCharArray(),
                    identity.chain().toArray(new X509Certificate[0]));
            keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(keyStore, "secret".toCharArray());
        }
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            trustStore.setCertificateEntry("trusted" + i, trusted[i]);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A certificate and its key; {@code chain} is leaf first up to (not including) the root. */
    record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
        Identity identity() {
            return Identity.of(chain, key, "test");
        }
    }

    static KeyPair keyPair(KeyType type) throws Exception {
        KeyPairGenerator generator;
        if (type == KeyType.EC) {
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        } else {
            generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
        }
        return generator.generateKeyPair();
    }

    static Issued root(String name, KeyType type) throws Exception {
        KeyPair keys = keyPair(type);
        X509Certificate certificate = build(new Spec(name, keys, null, null).ca(true));
        return new Issued(certificate, keys.getPrivate(), List.of());
    }

    static Issued intermediate(String name, Issued issuer, KeyType type) throws Exception {
        KeyPair keys = keyPair(type);
        X509Certificate certificate = build(new Spec(name, keys, issuer, null).ca(true));
        return new Issued(certificate, keys.getPrivate(), chainOf(certificate, issuer));
    }

    static Issued leaf(Issued issuer, KeyType type, String... names) throws Exception {
        return leaf(issuer, type, Duration.ofDays(-1), Duration.ofDays(30), names);
    }

    /** A leaf valid from now+{@code notBefore} to now+{@code notAfter} (negative offsets are in the past). */
    static Issued leaf(Issued issuer, KeyType type, Duration notBefore, Duration notAfter, String... names)
            throws Exception {
        KeyPair keys = keyPair(type);
        Spec spec = new Spec(names[0], keys, issuer, List.of(names));
        spec.notBefore = Instant.now().plus(notBefore);
        spec.notAfter = Instant.now().plus(notAfter);
        X509Certificate certificate = build(spec);
        return new Issued(certificate, keys.getPrivate(), chainOf(certificate, issuer));
    }

    /** A leaf whose extended key usage is only {@code purpose}. */
    static Issued leafFor(Issued issuer, KeyPurposeId purpose, String name) throws Exception {
        KeyPair keys = keyPair(KeyType.EC);
        Spec spec = new Spec(name, keys, issuer, List.of(name));
        spec.purposes = new KeyPurposeId[] {purpose};
        X509Certificate certificate = build(spec);
        return new Issued(certificate, keys.getPrivate(), chainOf(certificate, issuer));
    }

    /** A leaf whose keyUsage is only keyEncipherment (no digitalSignature): unusable for ECDHE. */
    static Issued leafWithoutSigningUsage(Issued issuer, String name) throws Exception {
        KeyPair keys = keyPair(KeyType.RSA);
        Spec spec = new Spec(name, keys, issuer, List.of(name));
        spec.keyUsage = KeyUsage.keyEncipherment;
        X509Certificate certificate = build(spec);
        return new Issued(certificate, keys.getPrivate(), chainOf(certificate, issuer));
    }

    private static List<X509Certificate> chainOf(X509Certificate certificate, Issued issuer) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        boolean issuerIsRoot = issuer.certificate().getSubjectX500Principal()
                .equals(issuer.certificate().getIssuerX500Principal());
        if (!issuerIsRoot && !chain.contains(issuer.certificate())) {
            chain.add(issuer.certificate());
        }
        return chain;
    }

    private static final class Spec {
        final String name;
        final KeyPair keys;
        final Issued issuer;
        final List<String> sans;
        boolean ca;
        Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        Instant notAfter = Instant.now().plus(Duration.ofDays(30));
        KeyPurposeId[] purposes = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
        Integer keyUsage;

        Spec(String name, KeyPair keys, Issued issuer, List<String> sans) {
            this.name = name;
            this.keys = keys;
            this.issuer = issuer;
            this.sans = sans;
        }

        Spec ca(boolean value) {
            this.ca = value;
            return this;
        }
    }

    private static X509Certificate build(Spec spec) throws Exception {
        X500Name subject = new X500Name("CN=" + spec.name);
        X500Name issuerName = spec.issuer == null ? subject
                : X500Name.getInstance(spec.issuer.certificate().getSubjectX500Principal().getEncoded());
        PrivateKey signingKey = spec.issuer == null ? spec.keys.getPrivate() : spec.issuer.key();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                new BigInteger(64, RANDOM).add(BigInteger.ONE), java.util.Date.from(spec.notBefore),
                java.util.Date.from(spec.notAfter), subject, spec.keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                utils.createSubjectKeyIdentifier(spec.keys.getPublic()));
        if (spec.issuer != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(spec.issuer.certificate()));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.ca));
        if (spec.ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            int usage = spec.keyUsage != null ? spec.keyUsage : KeyUsage.digitalSignature
                    | (spec.keys.getPublic().getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(spec.purposes));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    SelfSigned.subjectAlternativeNames(spec.sans));
        }
        String algorithm = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
    }

    // ---- PEM output in OpenSSL's flavours ----

    static Path writeCertificates(Path dir, String file, List<X509Certificate> certificates) throws Exception {
        Path path = dir.resolve(file);
        PemFiles.writeCertificates(path, certificates);
        return path;
    }

    /** "PRIVATE KEY" (PKCS#8), what {@code openssl genpkey} writes. */
    static Path writePkcs8(Path dir, String file, PrivateKey key) throws Exception {
        return write(dir.resolve(file), new JcaPKCS8Generator(key, null));
    }

    /** "RSA PRIVATE KEY" / "EC PRIVATE KEY", the traditional format of {@code openssl genrsa / ecparam}. */
    static Path writeTraditional(Path dir, String file, PrivateKey key) throws Exception {
        // The JDK's EC PKCS#8 encoding leaves the curve out of the inner ECPrivateKey; OpenSSL's traditional
        // "EC PRIVATE KEY" always carries it, and so does the same key re-encoded by the Bouncy Castle provider.
        PrivateKey withParameters = java.security.KeyFactory.getInstance(key.getAlgorithm(), BC)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        return write(dir.resolve(file), withParameters);
    }

    /** "ENCRYPTED PRIVATE KEY" (PBES2, AES-256-CBC), what {@code openssl pkcs8 -topk8 -v2 aes256} writes. */
    static Path writeEncryptedPkcs8(Path dir, String file, PrivateKey key, char[] password) throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(BC).setRandom(RANDOM).setPassword(password).build();
        return write(dir.resolve(file), new JcaPKCS8Generator(key, encryptor));
    }

    /** Traditional "EC/RSA PRIVATE KEY" with DEK-Info (AES-128-CBC), what {@code openssl ec -aes128} writes. */
    static Path writeEncryptedTraditional(Path dir, String file, PrivateKey key, char[] password) throws Exception {
        PrivateKey withParameters = java.security.KeyFactory.getInstance(key.getAlgorithm(), BC)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        Path path = dir.resolve(file);
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(path))) {
            writer.writeObject(withParameters, new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(BC).setSecureRandom(RANDOM).build(password));
        }
        return path;
    }

    private static Path write(Path path, Object object) throws Exception {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(path))) {
            if (object instanceof org.bouncycastle.util.io.pem.PemObjectGenerator) {
                writer.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) object);
            } else {
                writer.writeObject(object);
            }
        }
        return path;
    }
}
