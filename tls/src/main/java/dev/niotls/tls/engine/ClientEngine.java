package dev.niotls.tls.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsClientProtocol;

/**
 * Bouncy Castle's non-blocking client protocol with the hooks niotls needs. The overrides are the
 * same as {@link ServerEngine}'s; each forwards to {@link EngineEvents} so the logic lives once,
 * in the connection.
 */
public final class ClientEngine extends TlsClientProtocol implements Engine {
    private final TlsClient peer;
    private final EngineEvents events;
    /** Bouncy Castle's own appDataReady flag is package-private. */
    private boolean handshakeCompletedOnce;
    private final byte[] header = new byte[InboundRecords.HEADER_LENGTH];
    private final PeerInputGuard inputGuard;

    public ClientEngine(TlsClient peer, EngineEvents events) {
        this.peer = peer;
        this.events = events;
        int limit = peer.getMaxHandshakeMessageSize();
        this.inputGuard = new PeerInputGuard(limit, limit); // a server sends no ClientHello
    }

    @Override
    public void start() throws IOException {
        connect(peer);
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
        // RFC 5246 section 7.4.1.2: a client renegotiates by sending a new ClientHello at any time.
        beginHandshake(true);
    }

    @Override
    public void abort(short alertDescription, String message) throws IOException {
        handleException(alertDescription, message, null);
    }

    @Override
    public boolean isServer() {
        return false;
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
