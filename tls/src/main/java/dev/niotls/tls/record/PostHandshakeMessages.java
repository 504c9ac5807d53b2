package dev.niotls.tls.record;

import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Handshake messages after a TLS 1.3 handshake (RFC 8446 section 4.6), cut out of handshake records: most
 * records hold whole messages and are read in place; only a message split across records is gathered in an
 * array of its own, dropped when complete. Enforces the framing rules of section 5.1 that OpenSSL enforces
 * (SPEC L4): a KeyUpdate ends its record, and nothing but handshake records comes between the fragments of a
 * message.
 */
final class PostHandshakeMessages {
    static final short NEW_SESSION_TICKET = 4;
    static final short CERTIFICATE_REQUEST = 13;
    static final short KEY_UPDATE = 24;
    /** Header: msg_type(1) + length(3). */
    private static final int HEADER = 4;

    /** What a complete message is handed to. */
    interface Handler {
        /**
         * One complete message; {@code endsRecord} when nothing follows it in its record.
         *
         * @throws TlsFatalAlert for a message the rules refuse
         */
        void message(short type, byte[] buf, int offset, int length, boolean endsRecord) throws TlsFatalAlert;
    }

    private final int maxMessageLength;
    /** The start of a message split across records, or null. */
    private byte[] partial;
    private int partialLength;

    PostHandshakeMessages(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    /** Whether a message has begun and not ended: only handshake records may come now (section 5.1). */
    boolean isMidMessage() {
        return partial != null;
    }

    /** Takes one handshake record's content. */
    void add(byte[] buf, int offset, int length, Handler handler) throws TlsFatalAlert {
        if (length == 0) {
            // Section 5.1: zero-length fragments of handshake type MUST NOT be sent.
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "empty handshake record");
        }
        int end = offset + length;
        if (partial != null) {
            offset = continuePartial(buf, offset, end, handler);
        }
        while (offset < end) {
            int available = end - offset;
            int bodyLength = available >= HEADER ? bodyLength(buf, offset) : -1;
            if (bodyLength < 0 || available < HEADER + bodyLength) {
                startPartial(buf, offset, available);
                return;
            }
            int next = offset + HEADER + bodyLength;
            handler.message(buf[offset], buf, offset + HEADER, bodyLength, next == end);
            offset = next;
        }
    }

    private int continuePartial(byte[] buf, int offset, int end, Handler handler) throws TlsFatalAlert {
        if (partialLength < HEADER) {
            offset = append(buf, offset, Math.min(HEADER - partialLength, end - offset));
            if (partialLength < HEADER) {
                return offset;
            }
        }
        int total = HEADER + bodyLength(partial, 0);
        if (partial.length < total) {
            partial = Arrays.copyOf(partial, total);
        }
        offset = append(buf, offset, Math.min(total - partialLength, end - offset));
        if (partialLength == total) {
            byte[] message = partial;
            partial = null;
            partialLength = 0;
            handler.message(message[0], message, HEADER, total - HEADER, offset == end);
            Arrays.fill(message, (byte) 0);
        }
        return offset;
    }

    private int bodyLength(byte[] buf, int offset) throws TlsFatalAlert {
        int length = ((buf[offset + 1] & 0xFF) << 16) | ((buf[offset + 2] & 0xFF) << 8) | (buf[offset + 3] & 0xFF);
        if (length > maxMessageLength) {
            // SPEC A1: a message over its size limit is illegal_parameter.
            throw new TlsFatalAlert(AlertDescription.illegal_parameter,
                    "post-handshake message of " + length + " bytes, limit " + maxMessageLength);
        }
        return length;
    }

    /** Keeps the start of a message whose end is in a later record (its header was checked if complete). */
    private void startPartial(byte[] buf, int offset, int count) throws TlsFatalAlert {
        partial = new byte[count < HEADER ? HEADER : HEADER + bodyLength(buf, offset)];
        partialLength = 0;
        append(buf, offset, count);
    }

    private int append(byte[] buf, int offset, int count) {
        System.arraycopy(buf, offset, partial, partialLength, count);
        partialLength += count;
        return offset + count;
    }

    /** Drops a partial message (the connection closed). */
    void clear() {
        if (partial != null) {
            Arrays.fill(partial, (byte) 0);
            partial = null;
            partialLength = 0;
        }
    }
}
