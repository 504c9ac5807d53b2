package dev.niotls.tls;

import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.InboundRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Bytes that cannot start a TLS record (InboundRecords.NOT_TLS): what they look like, as OpenSSL names it
 * ({@code SSL_R_HTTP_REQUEST}, {@code SSL_R_WRONG_VERSION_NUMBER}, {@code SSL_R_RECORD_OVERFLOW}), and the
 * alert RFC 8446 section 5 asks for. In the API package, beside the {@link TlsReason} it names: the engine
 * package below does not know the API's types.
 */
final class NonTlsInput {
    private static final String[] HTTP_METHODS = {"GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "CONN", "PATC"};

    private final TlsReason reason;
    private final short alert;
    private final String message;

    private NonTlsInput(TlsReason reason, short alert, String message) {
        this.reason = reason;
        this.alert = alert;
        this.message = message;
    }

    /**
     * Reads the record header at {@code offset} of {@code inbound}.
     *
     * @param httpPossible whether plaintext HTTP is worth naming: a server waiting for a ClientHello
     */
    static NonTlsInput inspect(InboundRecords inbound, boolean httpPossible) {
        byte[] array = inbound.array();
        int offset = inbound.offset();
        int type = array[offset];
        int length = ((array[offset + 3] & 0xFF) << 8) | (array[offset + 4] & 0xFF);
        String message = "not a TLS record: type " + type + ", length " + length;
        if (type < 20 || type > 23) {
            TlsReason reason = httpPossible && looksLikeHttp(inbound) ? TlsReason.HTTP_REQUEST : TlsReason.WRONG_VERSION_NUMBER;
            return new NonTlsInput(reason, AlertDescription.unexpected_message, message);
        }
        if (array[offset + 1] != 3) {
            return new NonTlsInput(TlsReason.WRONG_VERSION_NUMBER, AlertDescription.protocol_version, message);
        }
        return new NonTlsInput(TlsReason.RECORD_OVERFLOW, AlertDescription.record_overflow, message);
    }

    /** The reason the connection fails with. */
    TlsReason reason() {
        return reason;
    }

    /** Sends the alert, fails {@code engine}, and returns the failure for the caller to throw. */
    TlsFatalAlert abort(Engine engine) throws IOException {
        engine.abort(alert, message);
        return new TlsFatalAlert(alert, message);
    }

    private static boolean looksLikeHttp(InboundRecords inbound) {
        String start = new String(inbound.array(), inbound.offset(), Math.min(8, inbound.buffered()),
                StandardCharsets.US_ASCII);
        for (String method : HTTP_METHODS) {
            if (start.startsWith(method)) {
                return true;
            }
        }
        return false;
    }
}
