package dev.niotls.tls.record;

import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.EngineEvents;
import dev.niotls.tls.engine.OutboundRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * A TLS 1.3 connection after its handshake, run by niotls (SPEC section 10): the {@link Engine} a connection
 * switches to when Bouncy Castle's handshake completes. It protects records into the connection's
 * {@link OutboundRecords} in place, opens records in the inbound buffer in place, and handles what may come
 * after the handshake (RFC 8446 section 4.6): KeyUpdate both ways, NewSessionTicket (parsed and dropped: Bouncy
 * Castle 1.84 cannot resume TLS 1.3), alerts. Anything else is unexpected_message.
 *
 * <p>States: open; {@code closed} after a fatal alert sent or received (terminal). The peer's close_notify is
 * only reported (the connection keeps the half-close, SPEC W11).
 */
public final class Tls13Engine implements Engine, PostHandshakeMessages.Handler {
    private static final System.Logger LOG = System.getLogger(Tls13Engine.class.getName());
    private static final byte CHANGE_CIPHER_SPEC = 20;
    private static final byte ALERT = 21;
    private static final byte HANDSHAKE = 22;
    private static final byte APPLICATION_DATA = 23;
    /** A NewSessionTicket carries a ticket of up to 2^16-1 bytes and extensions of up to 2^16-2. */
    private static final int MAX_MESSAGE = 4 + 4 + 1 + 255 + 2 + 0xFFFF + 2 + 0xFFFE;
    /** OpenSSL's MAX_WARN_ALERT_COUNT. */
    private static final int MAX_IGNORED_ALERTS = 5;

    private final RecordLayer records;
    private final OutboundRecords out;
    private final EngineEvents events;
    private final boolean server;
    /** Created by the first post-handshake handshake record (most connections never see one). */
    private PostHandshakeMessages messages;
    private boolean closed;
    /** user_canceled alerts since the last other record (OpenSSL's rlayer.alert_count). */
    private int ignoredAlerts;

    Tls13Engine(RecordLayer records, OutboundRecords out, EngineEvents events, boolean server) {
        this.records = records;
        this.out = out;
        this.events = events;
        this.server = server;
    }

    /**
     * The hand-off (SPEC L1): takes the application traffic secrets of Bouncy Castle's completed TLS 1.3
     * handshake, moves what waits in its output queue (a client's Finished) into {@code out}, and returns the
     * engine that runs the connection from the next record on. Null when the suite is not one niotls runs;
     * the connection then stays on Bouncy Castle.
     */
    public static Tls13Engine takeOver(Engine handshake, SecurityParameters parameters, OutboundRecords out,
            EngineEvents events, long keyUpdateAfter) {
        if (RecordAead.forCipherSuite(parameters.getCipherSuite()) == null) {
            return null;
        }
        // TlsSecret.extract() hands over Bouncy Castle's own array and leaves the secret unusable there.
        byte[] client = parameters.getTrafficSecretClient().extract();
        byte[] server = parameters.getTrafficSecretServer().extract();
        RecordLayer layer = RecordLayer.fromSecrets(parameters.getCipherSuite(), client, server, handshake.isServer(),
                keyUpdateAfter);
        out.absorb(handshake);
        return new Tls13Engine(layer, out, events, handshake.isServer());
    }

    @Override
    public void start() {
        throw new IllegalStateException("the handshake is over");
    }

    @Override
    public void offerRecord(byte[] record, int offset, int length) throws IOException {
        try {
            checkRecordHeader(record, offset);
            int content = records.open(record, offset, length);
            dispatch(records.openedType(), record, offset + RecordLayer.HEADER_LENGTH, content);
        } catch (TlsFatalAlert e) {
            abort(e.getAlertDescription(), e.getMessage());
            throw e;
        }
    }

    private void dispatch(byte type, byte[] buf, int offset, int length) throws IOException {
        if (type != HANDSHAKE && messages != null && messages.isMidMessage()) {
            // RFC 8446 section 5.1: handshake messages MUST NOT be interleaved with other record types.
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "content type " + type
                    + " between the fragments of a handshake message");
        }
        if (type != ALERT) {
            ignoredAlerts = 0;
        }
        switch (type) {
            case APPLICATION_DATA:
                events.applicationData(buf, offset, length);
                return;
            case HANDSHAKE:
                if (messages == null) {
                    messages = new PostHandshakeMessages(MAX_MESSAGE);
                }
                messages.add(buf, offset, length, this);
                events.protocolRecord();
                return;
            case ALERT:
                alert(buf, offset, length);
                events.protocolRecord();
                return;
            default:
                // change_cipher_spec is never protected (section 5), and no other type exists.
                throw new TlsFatalAlert(AlertDescription.unexpected_message, "protected record of type " + type);
        }
    }

    /**
     * Section 6: alerts, one per record, two bytes; in TLS 1.3 every alert but close_notify and user_canceled is
     * fatal whatever its level (L5).
     */
    private void alert(byte[] buf, int offset, int length) throws IOException {
        if (length == 0) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "empty alert record"); // as OpenSSL
        }
        if (length != 2) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "alert record of " + length + " bytes");
        }
        short level = buf[offset];
        short description = (short) (buf[offset + 1] & 0xFF);
        if (level != AlertLevel.warning && level != AlertLevel.fatal) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "alert level " + level);
        }
        events.alertReceived(level, description);
        if (description == AlertDescription.close_notify) {
            events.closeNotifyReceived();
            return;
        }
        if (description == AlertDescription.user_canceled) {
            // As OpenSSL 3's ssl3_read_bytes: in TLS 1.3 user_canceled is ignored whatever its level (the JDK
            // sends it before close_notify when a socket closes), but not more than MAX_WARN_ALERT_COUNT in a row.
            if (++ignoredAlerts >= MAX_IGNORED_ALERTS) {
                throw new TlsFatalAlert(AlertDescription.unexpected_message, "too many user_canceled alerts");
            }
            return;
        }
        closed = true;
        records.destroy();
        throw new TlsFatalAlertReceived(description);
    }

    /** One complete post-handshake message (section 4.6); called by {@link PostHandshakeMessages}. */
    @Override
    public void message(short type, byte[] buf, int offset, int length, boolean endsRecord) throws TlsFatalAlert {
        switch (type) {
            case PostHandshakeMessages.KEY_UPDATE:
                keyUpdate(buf, offset, length, endsRecord);
                return;
            case PostHandshakeMessages.NEW_SESSION_TICKET:
                if (server) {
                    throw new TlsFatalAlert(AlertDescription.unexpected_message, "NewSessionTicket from a client");
                }
                NewSessionTicket.check(buf, offset, length);
                LOG.log(System.Logger.Level.DEBUG, "NewSessionTicket dropped: Bouncy Castle 1.84 cannot resume TLS 1.3");
                return;
            default:
                // A post-handshake CertificateRequest too: niotls never offers post_handshake_auth (section 4.6.2).
                throw new TlsFatalAlert(AlertDescription.unexpected_message, "post-handshake message of type " + type);
        }
    }

    /** Section 4.6.3 and SPEC L4. */
    private void keyUpdate(byte[] buf, int offset, int length, boolean endsRecord) throws TlsFatalAlert {
        if (length != 1) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "KeyUpdate of " + length + " bytes");
        }
        int request = buf[offset];
        if (request != 0 && request != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "KeyUpdate request_update " + request);
        }
        if (!endsRecord) {
            // Section 5.1: a message that precedes a key change must end its record.
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "data after a KeyUpdate in its record");
        }
        records.updateReadKeys();
        events.keyUpdateReceived(request == 1);
    }

    @Override
    public void checkRecordHeader(byte[] buffer, int offset) throws IOException {
        byte type = buffer[offset];
        int length = ((buffer[offset + 3] & 0xFF) << 8) | (buffer[offset + 4] & 0xFF);
        if (type != APPLICATION_DATA) {
            // Section 5: after the handshake every record is protected; a change_cipher_spec is allowed only
            // while the handshake runs. OpenSSL: SSL_R_BAD_RECORD_TYPE / unexpected_message.
            throw fatal(AlertDescription.unexpected_message, (type == CHANGE_CIPHER_SPEC ? "change_cipher_spec"
                    : "unprotected record of type " + type) + " after the handshake");
        }
        if (length > RecordLayer.MAX_CIPHERTEXT) {
            throw fatal(AlertDescription.record_overflow, "record of " + length + " bytes");
        }
    }

    private TlsFatalAlert fatal(short description, String message) throws IOException {
        abort(description, message);
        return new TlsFatalAlert(description, message);
    }

    @Override
    public void writeApplicationData(byte[] data, int offset, int length) throws IOException {
        checkOpen();
        int at = out.reserve(RecordLayer.sealedLength(length));
        out.appended(records.seal(APPLICATION_DATA, data, offset, length, out.array(), at));
    }

    @Override
    public void writeApplicationData(ByteBuffer src, int index, int length) throws IOException {
        checkOpen();
        int at = out.reserve(RecordLayer.sealedLength(length));
        byte[] array = out.array();
        src.get(index, array, at + RecordLayer.HEADER_LENGTH, length); // straight where it is encrypted
        out.appended(records.seal(APPLICATION_DATA, array, at + RecordLayer.HEADER_LENGTH, length, array, at));
    }

    /**
     * Protects one record of any inner content type, as given, without checking it (no key change follows a
     * KeyUpdate written this way). For tests that play a misbehaving peer (SPEC L2, L4, L5); never used by
     * niotls itself.
     */
    public void writeRecordForTest(byte contentType, byte[] content) {
        int at = out.reserve(RecordLayer.sealedLength(content.length));
        out.appended(records.seal(contentType, content, 0, content.length, out.array(), at));
    }

    @Override
    public boolean writeKeyUpdateDue() {
        return records.writeKeyUpdateDue();
    }

    @Override
    public void sendKeyUpdate(boolean requestPeerUpdate) throws IOException {
        checkOpen();
        // KeyUpdate: msg_type 24, length 1, request_update; protected under the old key, then the key moves on.
        sealControl(HANDSHAKE, new byte[] {PostHandshakeMessages.KEY_UPDATE, 0, 0, 1, (byte) (requestPeerUpdate ? 1 : 0)});
        records.updateWriteKeys();
    }

    @Override
    public void sendCloseNotify() throws IOException {
        checkOpen();
        sealControl(ALERT, new byte[] {AlertLevel.warning, AlertDescription.close_notify});
        events.alertSent(AlertLevel.warning, AlertDescription.close_notify, "Connection closed");
    }

    @Override
    public void abort(short alertDescription, String message) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "sending fatal " + AlertDescription.getText(alertDescription)
                + ": " + message);
        sealControl(ALERT, new byte[] {AlertLevel.fatal, (byte) alertDescription});
        closed = true;
        events.alertSent(AlertLevel.fatal, alertDescription, message);
        clearMessages();
    }

    /** An alert or a KeyUpdate: rare enough to take a small array each. */
    private void sealControl(byte type, byte[] content) {
        int at = out.reserve(RecordLayer.sealedLength(content.length));
        out.appended(records.seal(type, content, 0, content.length, out.array(), at));
    }

    private void clearMessages() {
        if (messages != null) {
            messages.clear();
            messages = null;
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "the connection is closed");
        }
    }

    @Override
    public void wipeSecrets() {
        records.destroy();
        clearMessages();
        closed = true;
    }

    @Override
    public int availableOutput() {
        return 0; // records go straight into the connection's outbound buffer
    }

    @Override
    public int readOutput(byte[] buffer, int offset, int length) {
        return 0;
    }

    @Override
    public void releaseOutputQueue() {
        // no queue of its own
    }

    @Override
    public boolean isApplicationDataReady() {
        return true;
    }

    @Override
    public boolean isHandshaking() {
        return false;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public SecurityParameters connectionParameters() {
        return null; // gone with Bouncy Castle: the connection keeps a SessionSnapshot
    }

    @Override
    public void startRenegotiation() {
        throw new IllegalStateException("TLS 1.3 has no renegotiation");
    }

    @Override
    public boolean isServer() {
        return server;
    }

    RecordLayer recordLayerForTest() {
        return records;
    }
}
