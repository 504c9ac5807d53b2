package dev.niotls.tls.record;

import java.security.GeneralSecurityException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * The TLS 1.3 record layer of one connection after the handshake (RFC 8446 section 5): the encrypter and the
 * decrypter with their sequence numbers, and the decision that a key update is due before the write key wears
 * out (section 5.5, SPEC L6). It knows records, not messages: what a record carries is {@link Tls13Engine}'s
 * business. The handshake hands it the two application traffic secrets once ({@link #fromSecrets}).
 *
 * <p>Records are protected and opened in place in the caller's array: no array per record.
 */
final class RecordLayer {
    /** RFC 8446 section 5.1: type(1) + legacy_record_version(2) + length(2). */
    public static final int HEADER_LENGTH = 5;
    /** Section 5.1: TLSPlaintext.length is at most 2^14. */
    public static final int MAX_PLAINTEXT = 1 << 14;
    /** Section 5.2: TLSCiphertext.length is at most 2^14 + 256. */
    public static final int MAX_CIPHERTEXT = MAX_PLAINTEXT + 256;
    /** Section 5.5: AES-GCM keys are updated before 2^24.5 records; we stop at 2^24, as the JDK does. */
    public static final long AES_GCM_RECORD_LIMIT = 1L << 24;

    private static final byte APPLICATION_DATA = 23;
    private static final ThreadLocal<byte[]> NONCES = ThreadLocal.withInitial(() -> new byte[RecordAead.NONCE_LENGTH]);

    private final RecordAead aead;
    private final String hmac;
    private final TrafficKeys write;
    private final TrafficKeys read;
    private final long writeLimit;
    /** The inner content type of the record {@link #open} opened last. */
    private byte openedType;

    RecordLayer(RecordAead aead, String hmac, TrafficKeys write, TrafficKeys read, long writeLimit) {
        this.aead = aead;
        this.hmac = hmac;
        this.write = write;
        this.read = read;
        this.writeLimit = writeLimit;
    }

    /**
     * The record layer of an established TLS 1.3 connection. Takes ownership of both secrets (they are wiped
     * when replaced or at {@link #destroy}).
     *
     * @param keyUpdateAfter records per write key before a KeyUpdate of our own; 0 for the suite's default
     *        (2^24 for AES-GCM, none for ChaCha20-Poly1305, whose limit RFC 8446 puts beyond 2^64)
     * @return null when the suite is not one niotls runs itself
     */
    public static RecordLayer fromSecrets(int cipherSuite, byte[] clientSecret, byte[] serverSecret, boolean server,
            long keyUpdateAfter) {
        RecordAead aead = RecordAead.forCipherSuite(cipherSuite);
        if (aead == null) {
            return null;
        }
        String hmac = RecordAead.hmacForCipherSuite(cipherSuite);
        TrafficKeys clientKeys = new TrafficKeys(aead, hmac, clientSecret);
        TrafficKeys serverKeys = new TrafficKeys(aead, hmac, serverSecret);
        long limit = keyUpdateAfter > 0 ? keyUpdateAfter
                : aead == JdkAead.CHACHA20_POLY1305 ? Long.MAX_VALUE : AES_GCM_RECORD_LIMIT;
        return server ? new RecordLayer(aead, hmac, serverKeys, clientKeys, limit)
                : new RecordLayer(aead, hmac, clientKeys, serverKeys, limit);
    }

    /** The largest record {@link #seal} writes for {@code plaintext} bytes of content. */
    public static int sealedLength(int plaintext) {
        return HEADER_LENGTH + plaintext + 1 + RecordAead.TAG_LENGTH;
    }

    /**
     * Protects one record (section 5.2): header, {@code length} bytes of content, the inner content type, no
     * padding, the tag. The content may already lie where it goes ({@code src == out}, {@code srcOffset ==
     * outOffset + HEADER_LENGTH}); otherwise it is copied there first.
     *
     * @return the record's length, {@link #sealedLength(int)}
     */
    public int seal(byte contentType, byte[] src, int srcOffset, int length, byte[] out, int outOffset) {
        int textOffset = outOffset + HEADER_LENGTH;
        if (src != out || srcOffset != textOffset) {
            System.arraycopy(src, srcOffset, out, textOffset, length);
        }
        out[textOffset + length] = contentType;
        int cipherLength = length + 1 + RecordAead.TAG_LENGTH;
        out[outOffset] = APPLICATION_DATA; // section 5.2: the outer type of every protected record
        out[outOffset + 1] = 3;
        out[outOffset + 2] = 3;
        out[outOffset + 3] = (byte) (cipherLength >>> 8);
        out[outOffset + 4] = (byte) cipherLength;
        byte[] nonce = NONCES.get();
        write.nonce(nonce);
        try {
            aead.seal(write, nonce, out, outOffset, textOffset, length + 1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("record encryption failed", e);
        }
        write.advance();
        return HEADER_LENGTH + cipherLength;
    }

    /**
     * Opens one whole protected record in place (sections 5.2 and 5.4): authenticates and decrypts it, strips
     * the zero padding, and leaves the content at {@code offset + HEADER_LENGTH}; {@link #openedType()} tells
     * its inner type.
     *
     * @return the content's length
     * @throws TlsFatalAlert bad_record_mac when the record does not open, record_overflow when it is too
     *         long, unexpected_message when its inner plaintext is all zeros
     */
    public int open(byte[] record, int offset, int length) throws TlsFatalAlert {
        int cipherLength = length - HEADER_LENGTH;
        if (cipherLength > MAX_CIPHERTEXT) {
            throw new TlsFatalAlert(AlertDescription.record_overflow, "ciphertext of " + cipherLength + " bytes");
        }
        if (cipherLength < RecordAead.TAG_LENGTH + 1) {
            // Too short to hold a tag and an inner type: it cannot authenticate (OpenSSL: bad_record_mac).
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, "ciphertext of " + cipherLength + " bytes");
        }
        byte[] nonce = NONCES.get();
        read.nonce(nonce);
        int textOffset = offset + HEADER_LENGTH;
        int plain;
        try {
            plain = aead.open(read, nonce, record, offset, textOffset, cipherLength);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, "record did not authenticate", e);
        }
        read.advance();
        if (plain > MAX_PLAINTEXT + 1) {
            throw new TlsFatalAlert(AlertDescription.record_overflow, "inner plaintext of " + plain + " bytes");
        }
        int end = textOffset + plain - 1;
        while (end >= textOffset && record[end] == 0) {
            end--; // section 5.4: padding zeros, then the content type
        }
        if (end < textOffset) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "inner plaintext of only zeros");
        }
        openedType = record[end];
        return end - textOffset;
    }

    /** The inner content type of the record opened last. */
    public byte openedType() {
        return openedType;
    }

    /** Section 5.5 and SPEC L6: the write key protected its limit of records; send a KeyUpdate first. */
    public boolean writeKeyUpdateDue() {
        return write.sequence() >= writeLimit;
    }

    /** After our KeyUpdate went out under the old key: the next record uses the next write secret. */
    public void updateWriteKeys() {
        write.update(aead, hmac);
    }

    /** After the peer's KeyUpdate: the next record opens with its next secret. */
    public void updateReadKeys() {
        read.update(aead, hmac);
    }

    /** Overwrites both directions' secrets and keys with zeros (SPEC L4). */
    public void destroy() {
        write.wipe();
        read.wipe();
    }

    TrafficKeys writeKeysForTest() {
        return write;
    }

    TrafficKeys readKeysForTest() {
        return read;
    }
}
