package dev.niotls.tls.engine;

import java.io.EOFException;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoException;

/**
 * What an engine checks in the peer's records before Bouncy Castle sees them, and how it names what
 * Bouncy Castle threw while reading them (SPEC A1, A2). One per engine; it follows the handshake
 * message framing across records, since a message may span records and a record hold several.
 *
 * <p>Bouncy Castle answers several faults of the peer with {@code internal_error}: a handshake
 * message over its size limit ({@code TlsProtocol.processHandshakeQueue}), and every exception its
 * parsers throw on short or inconsistent input ({@code EOFException} from {@code TlsUtils.readUint8}
 * and friends, index and argument exceptions), which {@code safeReadFullRecord} turns into
 * {@code internal_error}. OpenSSL and RFC 8446 section 6.2 name them {@code illegal_parameter} and
 * {@code decode_error}; {@code internal_error} stays for our own faults.
 */
final class PeerInputGuard {
    private final int maxClientHello;
    private final int maxMessageSize;
    /** The 4-byte header (msg_type, uint24 length) of the next message, as far as it has arrived. */
    private int header;
    private int headerFilled;
    /** Body bytes of the current message still to come; 0 at a message boundary. */
    private int bodyRemaining;

    /**
     * @param maxClientHello the limit for a ClientHello (a server's; OpenSSL's 131,396 bytes, SPEC A2)
     * @param maxMessageSize the limit for every other handshake message
     */
    PeerInputGuard(int maxClientHello, int maxMessageSize) {
        this.maxClientHello = maxClientHello;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Follows the handshake framing through one decrypted handshake record and refuses a message
     * whose announced length is over its limit, at its header, before its bytes are queued.
     */
    void checkHandshakeRecord(byte[] buf, int offset, int length) throws IOException {
        int index = offset;
        int end = offset + length;
        while (index < end) {
            if (bodyRemaining > 0) {
                int skipped = Math.min(bodyRemaining, end - index);
                bodyRemaining -= skipped;
                index += skipped;
                continue;
            }
            header = (header << 8) | (buf[index++] & 0xFF);
            if (++headerFilled == 4) {
                headerFilled = 0;
                bodyRemaining = header & 0xFFFFFF;
                checkSize(header >>> 24, bodyRemaining);
            }
        }
    }

    private void checkSize(int type, int length) throws TlsFatalAlert {
        int limit = type == HandshakeType.client_hello ? maxClientHello : maxMessageSize;
        if (length > limit) {
            // RFC 8446 section 6.2 has no alert for it; OpenSSL sends illegal_parameter
            // (SSL_R_EXCESSIVE_MESSAGE_SIZE), and so does SPEC A1.
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "Handshake message length exceeds the maximum: "
                    + HandshakeType.getText((short) type) + ", " + length + " > " + limit);
        }
    }

    /**
     * Names the fault behind what Bouncy Castle threw while processing one record of the peer. A
     * {@link TlsFatalAlert} already names it (except an X25519/X448 share of low order, below). An
     * {@link EOFException}, index, argument or array-size exception thrown by Bouncy Castle's
     * parsers means the peer's bytes were short or inconsistent: {@code decode_error}. The same
     * exception thrown inside niotls code (a callback of ours) is our fault and stays as it is,
     * which Bouncy Castle reports as {@code internal_error}; so does any other exception.
     *
     * @return the exception to throw instead; a runtime exception that names no fault of the peer is
     *     rethrown as it is
     */
    static IOException blame(Exception failure) {
        if (failure instanceof TlsFatalAlert) {
            TlsFatalAlert alert = (TlsFatalAlert) failure;
            if (alert.getAlertDescription() == AlertDescription.handshake_failure && fromXdhAgreement(alert)) {
                return lowOrderShare(alert);
            }
            return alert;
        }
        if (failure instanceof TlsCryptoException && fromXdhAgreement(failure)) {
            return lowOrderShare(failure); // the JDK's XDH refuses a small-order point with InvalidKeyException
        }
        boolean parseFailure = failure instanceof EOFException || failure instanceof IndexOutOfBoundsException
                || failure instanceof IllegalArgumentException || failure instanceof NegativeArraySizeException;
        if (parseFailure && !thrownInNiotls(failure)) {
            return new TlsFatalAlert(AlertDescription.decode_error, "malformed message from the peer: " + failure,
                    failure);
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        return (IOException) failure;
    }

    /**
     * RFC 7748 section 6 and RFC 8446 section 7.4.2: an X25519 or X448 share whose shared secret is all
     * zeros (a point of low order) is refused. Bouncy Castle refuses it with handshake_failure; the
     * value is out of range, so SPEC A1 names it illegal_parameter.
     */
    private static TlsFatalAlert lowOrderShare(Throwable cause) {
        return new TlsFatalAlert(AlertDescription.illegal_parameter,
                "the peer's X25519/X448 key share has low order (all-zero shared secret)", cause);
    }

    /** Whether the failure was raised while computing an X25519 or X448 shared secret. */
    private static boolean fromXdhAgreement(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("dev.niotls.") || type.endsWith("Protocol")) {
                return false; // walked past the crypto into the handshake code
            }
            if ((type.contains("X25519") || type.contains("X448"))
                    && (frame.getMethodName().startsWith("calculate"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a niotls frame lies between where the exception was thrown and the engine that offered
     * the record: then one of our callbacks failed, not Bouncy Castle's parsing of the peer's bytes.
     */
    private static boolean thrownInNiotls(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (type.equals(ServerEngine.class.getName()) || type.equals(ClientEngine.class.getName())) {
                return false;
            }
            if (type.startsWith("dev.niotls.")) {
                return true;
            }
        }
        return false;
    }
}
