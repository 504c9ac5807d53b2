package dev.niotls.tls.context;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the self-signed ECDSA P-256 identity of {@code TlsContext.server().selfSigned(...)}: what
 * {@code openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -addext subjectAltName=...} makes.
 * Host names become SAN DNS entries, IP literals SAN IP entries; the first name is also the subject CN.
 */
public final class SelfSigned {
    private static final Duration VALIDITY = Duration.ofDays(365);
    /** Back-dated so that a peer whose clock is a little behind does not see "not yet valid". */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private SelfSigned() {
    }

    /** A fresh key pair and certificate for {@code names} (at least one). */
    public static Identity generate(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("selfSigned needs at least one host name or IP address");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            X509Certificate certificate = certificate(names, keyPair);
            return Identity.of(List.of(certificate), keyPair.getPrivate(), "selfSigned");
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate the self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(List<String> names, KeyPair keyPair)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.get(0)).build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(names));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        // JcaContentSignerBuilder without setProvider uses the JDK's providers: no global BC provider needed.
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
    }

    static GeneralNames subjectAlternativeNames(List<String> names) {
        GeneralName[] entries = names.stream()
                .map(name -> HostNames.isIpLiteral(name)
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        return new GeneralNames(entries);
    }
}
