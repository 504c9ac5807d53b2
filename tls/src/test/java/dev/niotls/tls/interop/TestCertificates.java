package dev.niotls.tls.interop;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed ECDSA P-256 certificate for "localhost" (the equivalent of {@code openssl req -x509
 * -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -addext
 * subjectAltName=DNS:localhost}), made in process with Bouncy Castle, for the peers that niotls talks
 * to: PEM files for {@code openssl s_server}, KeyStores for the JDK.
 */
final class TestCertificates {
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    static TestCertificates localhost() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))), name, keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new TestCertificates(keyPair, certificate);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make a test certificate", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    java.security.PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** Writes the certificate as PEM ({@code -cert}, {@code -CAfile}). */
    Path writeCertificatePem(Path file) throws IOException, GeneralSecurityException {
        return writePem(file, certificate);
    }

    /** Writes the private key as unencrypted PKCS#8 PEM ({@code -key}). */
    Path writeKeyPem(Path file) throws IOException {
        Files.writeString(file, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes any certificate as PEM, e.g. a niotls server's generated one for {@code s_client -CAfile}. */
    static Path writePem(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
        Files.writeString(file, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    /** A PKCS12 KeyStore holding the key and certificate under "localhost", password "secret". */
    KeyStore keyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("localhost", keyPair.getPrivate(), password(), new X509Certificate[] {certificate});
        return store;
    }

    static char[] password() {
        return "secret".toCharArray();
    }

    /** A KeyStore trusting {@code certificate} (for a JDK TrustManagerFactory). */
    static KeyStore trustStore(X509Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", certificate);
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
