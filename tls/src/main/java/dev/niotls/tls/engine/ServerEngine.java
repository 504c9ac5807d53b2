package dev.niotls.tls.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.RenegotiationPolicy;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsServer;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Bouncy Castle's non-blocking server protocol with the hooks niotls needs. The overrides are the
 * same as {@link ClientEngine}'s; each forwards to {@link EngineEvents} so the logic lives once,
 * in the connection.
 */
public final class ServerEngine extends TlsServerProtocol implements Engine {
    private final TlsServer peer;
    private final EngineEvents events;
    /** Bouncy Castle's own appDataReady flag is package-private. */
    private boolean handshakeCompletedOnce;
    private final byte[] header = new byte[InboundRecords.HEADER_LENGTH];
    private final PeerInputGuard inputGuard;

    /**
     * @param peer its {@code getMaxHandshakeMessageSize()} is the limit for a ClientHello (SPEC A2:
     *     up to OpenSSL's 131,396 bytes), which Bouncy Castle applies to every message
     * @param maxHandshakeMessageSize the limit for the client's other handshake messages, which this
     *     engine checks before Bouncy Castle sees them
     */
    public ServerEngine(TlsServer peer, int maxHandshakeMessageSize, EngineEvents events) {
        this.peer = peer;
        this.events = events;
        this.inputGuard = new PeerInputGuard(peer.getMaxHandshakeMessageSize(), maxHandshakeMessageSize);
    }

    @Override
    public void start() throws IOException {
        accept(peer);
    }

    @Override
    public void offerRecord(byte[] record, int offset, int length) throws IOException {
        offerInput(record, offset, length);
    }

    @Override
    public void checkRecordHeader(byte[] buffer, int offset) throws IOException {
        System.arraycopy(buffer, offset, header, 0, header.length);
        previewInputRecord(header); // raises record_overflow or unexpected_message itself
    }

    @Override
    public void writeApplicationData(ByteBuffer src, int index, int length) throws IOException {
        writeApplicationData(EngineSupport.copy(src, index, length), 0, length);
    }

    @Override
    public int availableOutput() {
        return getAvailableOutputBytes();
    }

    @Override
    public void releaseOutputQueue() {
        outputBuffer.getBuffer().shrink();
    }

    @Override
    public boolean isApplicationDataReady() {
        return handshakeCompletedOnce;
    }

    @Override
    public SecurityParameters connectionParameters() {
        return getContext() == null ? null : getContext().getSecurityParametersConnection();
    }

    @Override
    public void sendCloseNotify() throws IOException {
        raiseAlertWarning(AlertDescription.close_notify, "Connection closed");
    }

    @Override
    public void sendKeyUpdate(boolean requestPeerUpdate) throws IOException {
        send13KeyUpdate(requestPeerUpdate);
    }

    @Override
    public void startRenegotiation() throws IOException {
        // RFC 5246 section 7.4.1.1: the server asks; the client answers with a new ClientHello,
        // which getRenegotiationPolicy() then accepts.
        sendHelloRequestMessage();
    }

    @Override
    public void abort(short alertDescription, String message) throws IOException {
        handleException(alertDescription, message, null);
    }

    @Override
    public boolean isServer() {
        return true;
    }

    @Override
    protected void processRecord(short protocol, byte[] buf, int off, int len) throws IOException {
        if (protocol == ContentType.application_data && handshakeCompletedOnce) {
            EngineSupport.checkApplicationDataInRenegotiation(receivedChangeCipherSpec);
            events.applicationData(buf, off, len);
            return;
        }
        if (protocol == ContentType.handshake) {
            inputGuard.checkHandshakeRecord(buf, off, len);
        }
        try {
            super.processRecord(protocol, buf, off, len);
        } catch (IOException | RuntimeException e) {
            throw PeerInputGuard.blame(e);
        }
        events.protocolRecord();
    }

    @Override
    protected void completeHandshake() throws IOException {
        super.completeHandshake();
        handshakeCompletedOnce = true;
        events.handshakeCompleted();
    }

    @Override
    protected int getRenegotiationPolicy() {
        if (getContext().getSecurityParametersConnection().isResumedSession()) {
            // Bouncy Castle 1.84's TlsServerProtocol.handleHandshakeMessage reads the connection's
            // SecurityParameters before the renegotiation begins, finds them resumed, and takes the new
            // ClientHello for a resumption: a null master secret, then internal_error. Refuse it instead
            // (TlsConnection.renegotiate() refuses ours on such a connection for the same reason).
            return RenegotiationPolicy.DENY;
        }
        return events.renegotiationPolicy();
    }

    @Override
    protected void handleAlertWarningMessage(short alertDescription) throws IOException {
        if (EngineSupport.interceptWarning(alertDescription, handshakeCompletedOnce, events)) {
            return;
        }
        super.handleAlertWarningMessage(alertDescription);
    }

    @Override
    protected void receive13KeyUpdate(ByteArrayInputStream buf) throws IOException {
        ByteArrayInputStream body = EngineSupport.takeKeyUpdateBody(buf);
        boolean replyRequested = EngineSupport.requestsUpdate(body);
        super.receive13KeyUpdate(body);
        events.keyUpdateReceived(replyRequested);
    }
}
