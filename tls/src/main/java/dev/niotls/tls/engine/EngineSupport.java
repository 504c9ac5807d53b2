package dev.niotls.tls.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.KeyUpdateRequest;
import org.bouncycastle.tls.TlsFatalAlert;

/** The logic the two engine subclasses share, kept out of their (forced) duplicate overrides. */
final class EngineSupport {
    private EngineSupport() {
    }

    /**
     * Handles a warning alert before Bouncy Castle does. Returns true when it was consumed.
     *
     * <p>Bouncy Castle answers a close_notify with its own and closes both directions at once
     * (TlsProtocol.handleClose). OpenSSL records it and lets the application decide (two-phase
     * SSL_shutdown, and writing after the peer's close_notify: RFC 8446 section 6.1 allows a
     * half-closed connection). So a close_notify after the handshake is only reported.
     */
    static boolean interceptWarning(short alertDescription, boolean handshakeCompleted, EngineEvents events) {
        if (alertDescription == AlertDescription.close_notify && handshakeCompleted) {
            events.closeNotifyReceived();
            return true;
        }
        if (alertDescription == AlertDescription.no_renegotiation) {
            // Bouncy Castle then fails with handshake_failure, as OpenSSL 3.x does (SSL_R_NO_RENEGOTIATION).
            events.noRenegotiationReceived();
        }
        return false;
    }

    /**
     * Takes the body of a KeyUpdate (RFC 8446 section 4.6.3: one request_update byte) so that the
     * connection can see whether the peer asked for our update. Bouncy Castle's HandshakeMessageInput
     * refuses mark/reset, so the byte is read here and handed on in a stream of its own.
     */
    static ByteArrayInputStream takeKeyUpdateBody(ByteArrayInputStream body) throws IOException {
        int request = body.read();
        if (request < 0 || body.available() > 0) {
            // Empty or over-long: decode_error (RFC 8446 section 6.2, OpenSSL's PACKET_get_1 failing),
            // as TlsProtocol.assertEmpty; Bouncy Castle's readUint8 would end in internal_error.
            throw new TlsFatalAlert(AlertDescription.decode_error, "KeyUpdate of the wrong length");
        }
        return new ByteArrayInputStream(new byte[] {(byte) request});
    }

    /**
     * RFC 5246 section 7.1: between the peer's ChangeCipherSpec and its Finished only the Finished may
     * come. Application data there is unexpected_message (OpenSSL: SSL_R_UNEXPECTED_MESSAGE from
     * ssl3_read_bytes). Application data earlier in a renegotiation is kept (SPEC W10).
     * Bouncy Castle would take it as application data under the new keys and keep waiting.
     */
    static void checkApplicationDataInRenegotiation(boolean changeCipherSpecReceived) throws IOException {
        if (changeCipherSpecReceived) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message,
                    "application data between the peer's ChangeCipherSpec and Finished");
        }
    }

    /**
     * The calling thread's scratch array for plaintext in a buffer without an array: Bouncy Castle encrypts it within
     * the {@code writeApplicationData} call it is passed to and keeps nothing of it, so one array per thread (event
     * loop) serves every connection. One per connection cost each connection a zeroed 16 KiB array on its first write
     * (issue 11: a handshake-per-connection server allocated it for every connection) and kept it while idle.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1 << 14]);

    /** Copies {@code length} bytes of {@code src} from {@code index} into this thread's scratch array, for one call. */
    static byte[] copy(java.nio.ByteBuffer src, int index, int length) {
        byte[] target = SCRATCH.get();
        if (target.length < length) {
            target = new byte[length];
            SCRATCH.set(target);
        }
        src.get(index, target, 0, length);
        return target;
    }

    static boolean requestsUpdate(ByteArrayInputStream body) {
        body.mark(1);
        int request = body.read();
        body.reset();
        return request == KeyUpdateRequest.update_requested;
    }
}
