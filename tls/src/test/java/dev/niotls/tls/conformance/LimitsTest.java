package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.Pump;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC H5: the handshake-message cap (large enough for a 10-certificate chain by default, configurable)
 * and the configurable renegotiation budget.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LimitsTest {
    private static final long SEED = 0x5EED_0015L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void H5_defaultLimitsAcceptATenCertificateChain(String version) throws Exception {
        Chain chain = Chain.create(10);
        TlsContext server = TlsContext.server().certificate(chain.writeChain(dir), chain.writeKey(dir))
                .protocols(version).build();
        TlsContext client = TlsContext.client().trust(chain.root()).serverName("localhost").protocols(version).build();
        try (Link link = Link.open(Transport.PAIR_512)) {
            Pump pump = new Pump(client.newConnection(link.clientBio), server.newConnection(link.serverBio));
            pump.client().connection().setConnectState();
            pump.server().connection().setAcceptState();
            pump.handshake();
            int received = pump.client().connection().peerCertificates().size();
            assertTrue(received >= 9, "leaf and 8 intermediates arrived: " + received);
            pump.transfer(pump.server(), SEED, 20_000, 4096, 5000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void H5_handshakeMessageOverTheConfiguredCapIsExcessiveMessageSize(String version) throws Exception {
        Chain chain = Chain.create(10);
        TlsContext server = TlsContext.server().certificate(chain.writeChain(dir), chain.writeKey(dir))
                .protocols(version).build();
        TlsContext client = TlsContext.client().trust(chain.root()).serverName("localhost").protocols(version)
                .maxHandshakeMessageSize(1024).build();
        try (Link link = Link.open(Transport.PAIR_17K)) {
            HandshakeRulesTest.Failures failures = HandshakeRulesTest.handshakeUntilBothFail(
                    client.newConnection(link.clientBio), server.newConnection(link.serverBio));
            failures.assertBothSsl();
            assertEquals(TlsReason.EXCESSIVE_MESSAGE_SIZE, failures.client.lastReason());
        }
    }

    @ParameterizedTest(name = "budget {0}")
    @ValueSource(ints = {0, 2})
    void H5_renegotiationBudgetIsConfigurable(int budget) throws IOException {
        TlsContext server = TlsContext.server().selfSigned("localhost").protocols(Matrix.TLS12)
                .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).renegotiationLimit(budget, Duration.ofMinutes(10))
                .build();
        TlsContext client = TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost")
                .protocols(Matrix.TLS12).build();
        try (Link link = Link.open(Transport.PAIR_256)) {
            Pump pump = new Pump(client.newConnection(link.clientBio), server.newConnection(link.serverBio));
            pump.client().connection().setConnectState();
            pump.server().connection().setAcceptState();
            pump.handshake();
            for (int i = 0; i < budget; i++) {
                assertEquals(1, pump.client().connection().renegotiate());
                RenegotiationTest.bothWays(pump, SEED + 2L * i, 10_000);
            }
            assertEquals(1, pump.client().connection().renegotiate());
            RenegotiationTest.assertPeerRefusal(pump.client().connection(), pump.server().connection());
        }
    }

    /** A chain root -> intermediates -> leaf("localhost") of EC P-256 certificates. */
    private static final class Chain {
        private final List<X509Certificate> certificates; // leaf first, root last
        private final KeyPair leafKey;

        private Chain(List<X509Certificate> certificates, KeyPair leafKey) {
            this.certificates = certificates;
            this.leafKey = leafKey;
        }

        static Chain create(int length) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            List<X509Certificate> rootFirst = new ArrayList<>();
            KeyPair issuerKey = generator.generateKeyPair();
            X500Name issuer = new X500Name("CN=niotls test CA 0");
            rootFirst.add(certificate(issuer, issuerKey, issuer, issuerKey, true));
            for (int i = 1; i < length - 1; i++) {
                KeyPair key = generator.generateKeyPair();
                X500Name subject = new X500Name("CN=niotls test CA " + i);
                rootFirst.add(certificate(subject, key, issuer, issuerKey, true));
                issuer = subject;
                issuerKey = key;
            }
            KeyPair leafKey = generator.generateKeyPair();
            rootFirst.add(certificate(new X500Name("CN=localhost"), leafKey, issuer, issuerKey, false));
            List<X509Certificate> leafFirst = new ArrayList<>(rootFirst);
            java.util.Collections.reverse(leafFirst);
            return new Chain(leafFirst, leafKey);
        }

        X509Certificate root() {
            return certificates.get(certificates.size() - 1);
        }

        /** Leaf and intermediates (a server does not send the root). */
        Path writeChain(Path dir) throws IOException {
            Path file = dir.resolve("chain.pem");
            try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                for (X509Certificate certificate : certificates.subList(0, certificates.size() - 1)) {
                    pem.writeObject(certificate);
                }
            }
            return file;
        }

        Path writeKey(Path dir) throws IOException {
            Path file = dir.resolve("key.pem");
            try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(new JcaPKCS8Generator(leafKey.getPrivate(), null));
            }
            return file;
        }

        private static X509Certificate certificate(X500Name subject, KeyPair key, X500Name issuer, KeyPair issuerKey,
                boolean ca) throws Exception {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(true) : new BasicConstraints(false));
            if (!ca) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        }
    }
}
