package dev.niotls.tls.interop;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A TLS client that does the crypto right and misbehaves on purpose, for the cases a raw-bytes peer
 * cannot reach (encrypted handshake messages, renegotiation): Bouncy Castle's own blocking
 * {@code TlsClientProtocol} over a plain {@link Socket}, with hooks that replace its Finished by a
 * malformed one, inject application data after its ChangeCipherSpec in a renegotiation, or send any
 * handshake message under the current keys. It trusts any server certificate.
 */
final class HostileBcClient extends org.bouncycastle.tls.TlsClientProtocol {
    /** What to send instead of a proper Finished: null keeps the proper one. */
    private byte[] finishedBody;
    /** Application data to send right after our ChangeCipherSpec in a renegotiation (RFC 5246 7.1 forbids it). */
    private byte[] dataAfterChangeCipherSpec;
    private boolean renegotiating;

    HostileBcClient(Socket socket) throws IOException {
        super(socket.getInputStream(), socket.getOutputStream());
    }

    /** Replaces our Finished by a handshake message of type finished with this body (verify_data). */
    HostileBcClient finishedBody(byte[] body) {
        this.finishedBody = body;
        return this;
    }

    /** Runs the handshake for "TLSv1.2" or "TLSv1.3"; throws what Bouncy Castle throws, alerts included. */
    void handshake(String protocol) throws IOException {
        ProtocolVersion version = protocol.equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        connect(new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return new ProtocolVersion[] {version};
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new ServerOnlyTlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                        // The test is about what the server does with our bytes, not about its identity.
                    }
                };
            }
        });
    }

    /** A TLS 1.2 renegotiation we start, with {@code data} sent between our ChangeCipherSpec and Finished. */
    void renegotiateWithDataAfterChangeCipherSpec(byte[] data) throws IOException {
        this.dataAfterChangeCipherSpec = data;
        renegotiate(null);
    }

    /** A TLS 1.2 renegotiation we start, with {@code data} sent right after our ClientHello (SPEC W10). */
    void renegotiate(byte[] dataAfterClientHello) throws IOException {
        renegotiating = true;
        beginHandshake(true); // blocking mode: the ClientHello is on the wire when this returns
        if (dataAfterClientHello != null) {
            safeWriteRecord(ContentType.application_data, dataAfterClientHello, 0, dataAfterClientHello.length);
        }
        blockForHandshake();
        renegotiating = false;
    }

    /** Sends one handshake message (type and body as given) under the current keys. */
    void sendHandshakeMessage(short type, byte[] body) throws IOException {
        byte[] message = HandshakeBytes.handshake(type, body);
        safeWriteRecord(ContentType.handshake, message, 0, message.length);
    }

    void write(String text) throws IOException {
        getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads application data until {@code length} bytes came; a fatal alert comes out as TlsFatalAlertReceived. */
    String read(int length) throws IOException {
        byte[] buffer = new byte[length];
        int filled = 0;
        while (filled < length) {
            int count = getInputStream().read(buffer, filled, length - filled);
            if (count < 0) {
                throw new java.io.EOFException("end of stream after " + filled + " bytes");
            }
            filled += count;
        }
        return new String(buffer, StandardCharsets.US_ASCII);
    }

    /** Reads until the peer's fatal alert arrives, and returns its description. */
    short awaitFatalAlert() throws IOException {
        try {
            byte[] buffer = new byte[4096];
            while (getInputStream().read(buffer) >= 0) {
                // discard application data until the alert
            }
        } catch (TlsFatalAlertReceived alert) {
            return alert.getAlertDescription();
        }
        throw new AssertionError("the connection ended without a fatal alert");
    }

    @Override
    protected void sendChangeCipherSpec() throws IOException {
        super.sendChangeCipherSpec();
        if (renegotiating && dataAfterChangeCipherSpec != null) {
            safeWriteRecord(ContentType.application_data, dataAfterChangeCipherSpec, 0,
                    dataAfterChangeCipherSpec.length);
        }
    }

    /**
     * Swaps our Finished for the malformed one on its way out. Bouncy Castle computes the proper one first
     * (and keeps its own state consistent); only the bytes on the wire change.
     */
    @Override
    protected void safeWriteRecord(short type, byte[] buf, int offset, int len) throws IOException {
        if (finishedBody != null && type == ContentType.handshake && len >= 4 && buf[offset] == HandshakeType.finished) {
            byte[] message = HandshakeBytes.handshake(HandshakeType.finished, finishedBody);
            finishedBody = null;
            super.safeWriteRecord(type, message, 0, message.length);
            return;
        }
        super.safeWriteRecord(type, buf, offset, len);
    }
}
