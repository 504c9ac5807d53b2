package dev.niotls.tls.interop;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.RenegotiationPolicy;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A TLS 1.2 server that does the crypto right and misbehaves on purpose in a renegotiation it starts:
 * Bouncy Castle's blocking {@code TlsServerProtocol} over a plain {@link Socket}, with an ECDSA P-256
 * identity, which sends application data between its ChangeCipherSpec and its Finished (RFC 5246 7.1
 * forbids it) and reports the alert the client answers with.
 */
final class HostileBcServer extends org.bouncycastle.tls.TlsServerProtocol {
    private final byte[] dataAfterChangeCipherSpec;
    private boolean renegotiating;

    HostileBcServer(Socket socket, byte[] dataAfterChangeCipherSpec) throws IOException {
        super(socket.getInputStream(), socket.getOutputStream());
        this.dataAfterChangeCipherSpec = dataAfterChangeCipherSpec;
    }

    /** The TLS 1.2 handshake with {@code certificate}; returns when it completed. */
    void handshake(X509Certificate certificate, PrivateKey key) throws IOException {
        JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
        accept(new DefaultTlsServer(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return new ProtocolVersion[] {ProtocolVersion.TLSv12};
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}; // our key is ECDSA
            }

            @Override
            protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
                try {
                    TlsCertificate tlsCertificate = crypto.createCertificate(certificate.getEncoded());
                    return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                            new Certificate(new TlsCertificate[] {tlsCertificate}),
                            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                } catch (GeneralSecurityException e) {
                    throw new IOException(e);
                }
            }
        });
    }

    /** Sends a HelloRequest, runs the renegotiation the client starts, and returns the client's fatal alert. */
    short renegotiateAndAwaitAlert() throws IOException {
        renegotiating = true;
        sendHelloRequestMessage();
        try {
            byte[] buffer = new byte[4096];
            while (getInputStream().read(buffer) >= 0) {
                // application data from the client, if any, until its alert
            }
        } catch (TlsFatalAlertReceived alert) {
            return alert.getAlertDescription();
        }
        throw new AssertionError("the client closed without a fatal alert");
    }

    @Override
    protected int getRenegotiationPolicy() {
        return RenegotiationPolicy.ACCEPT;
    }

    @Override
    protected void sendChangeCipherSpec() throws IOException {
        super.sendChangeCipherSpec();
        if (renegotiating) {
            safeWriteRecord(ContentType.application_data, dataAfterChangeCipherSpec, 0,
                    dataAfterChangeCipherSpec.length);
        }
    }
}
