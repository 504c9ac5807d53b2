package dev.niotls.tls.record;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * RFC 8446 section 4.6.1 NewSessionTicket, parsed to check its framing (a malformed one is decode_error, as
 * OpenSSL's). The ticket is dropped: Bouncy Castle 1.84 cannot resume a TLS 1.3 session (SPEC section 8), and
 * keeping it would cost every idle client connection the ticket's bytes.
 */
final class NewSessionTicket {
    private NewSessionTicket() {
    }

    /**
     * struct { uint32 ticket_lifetime; uint32 ticket_age_add; opaque ticket_nonce<0..255>;
     * opaque ticket<1..2^16-1>; Extension extensions<0..2^16-2>; }
     */
    static void check(byte[] buf, int offset, int length) throws TlsFatalAlert {
        int end = offset + length;
        int at = offset + 8;
        at = vector(buf, at, end, 1, 0);
        at = vector(buf, at, end, 2, 1);
        at = vector(buf, at, end, 2, 0);
        if (at != end) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "NewSessionTicket with trailing bytes");
        }
    }

    private static int vector(byte[] buf, int at, int end, int lengthBytes, int minimum) throws TlsFatalAlert {
        if (at + lengthBytes > end) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "truncated NewSessionTicket");
        }
        int length = lengthBytes == 1 ? buf[at] & 0xFF : ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
        int next = at + lengthBytes + length;
        if (length < minimum || next > end) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "malformed NewSessionTicket");
        }
        return next;
    }
}
